// @ts-check

/**
 * Inconclusive verdicts with their reason, limits the platform held during a run
 * (warnings), runs whose LoadTestShape decides users and duration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const sqlite = String(knex.client.config.client).includes('sqlite');
  await knex.schema.alterTable('lt_runs', table => {
    // SQLite does not enforce lengths; elsewhere 'inconclusive' needs the room
    if (!sqlite) table.string('verdict', 16).alter();
    table.text('verdict_reason').comment('Why the verdict is not a pass');
    table.text('warnings').comment('JSON: limits held during the run');
    table
      .text('shape')
      .comment('JSON: the LoadTestShape deciding users and duration');
  });
  await knex.schema.alterTable('lt_scenarios', table => {
    table.string('shape_class').comment('LoadTestShape class of the script');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lt_scenarios', table => {
    table.dropColumn('shape_class');
  });
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('verdict_reason');
    table.dropColumn('warnings');
    table.dropColumn('shape');
  });
};
