// @ts-check

/**
 * Scenarios read from an entity's repository (read-only, with the version of their
 * script), the state of each entity's last read, and the script version of each run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lt_scenarios', table => {
    table.text('source_url').comment('The script in the repository, when read from one');
    table.text('source_descriptor').comment('The descriptor that lists it');
    table.string('source_version').comment('Etag or commit of the script');
  });
  await knex.schema.alterTable('lt_runs', table => {
    table.string('script_version').comment('The version of the script the run ran');
  });
  await knex.schema.createTable('lt_scenario_sources', table => {
    table.comment('How the scenarios of each entity were last read from its repository');
    table.string('entity_ref').primary();
    table.text('url').notNullable();
    table.timestamp('synced_at', { useTz: true });
    table.text('error');
    table.timestamp('error_at', { useTz: true });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lt_scenario_sources');
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('script_version');
  });
  await knex.schema.alterTable('lt_scenarios', table => {
    table.dropColumn('source_url');
    table.dropColumn('source_descriptor');
    table.dropColumn('source_version');
  });
};
