// @ts-check

/**
 * Rollups: a run's samples and per-second counts folded into buckets of 10 s, 1 min
 * and 10 min, and into one bucket for the whole run, per endpoint, with merged
 * histograms. Reads and the end of a run use them instead of every sample.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lt_run_rollups', table => {
    table.comment(
      'Samples and per-second counts of a run merged per endpoint into time buckets',
    );
    table.string('run_id', 36).notNullable();
    table
      .integer('resolution')
      .notNullable()
      .comment('Bucket length in seconds; 0 for the whole run');
    table.text('endpoint').notNullable().comment('Endpoint key; empty for all');
    table
      .bigInteger('bucket')
      .notNullable()
      .comment('Epoch seconds where the bucket starts; 0 for the whole run');
    table.bigInteger('requests').notNullable().defaultTo(0);
    table.bigInteger('failures').notNullable().defaultTo(0);
    table
      .bigInteger('timed')
      .notNullable()
      .defaultTo(0)
      .comment('Requests in the histogram');
    table.float('total_ms').notNullable().defaultTo(0);
    table.text('histogram').notNullable().comment('JSON merged histogram');
    table.integer('users').comment('Users at the end of the bucket');
    table.primary(['run_id', 'resolution', 'endpoint', 'bucket']);
  });
  await knex.schema.alterTable('lt_samples', table => {
    table
      .boolean('rolled')
      .notNullable()
      .defaultTo(false)
      .comment('Folded into the rollups');
    table.index(['run_id', 'rolled'], 'lt_samples_unrolled_idx');
  });
  await knex.schema.alterTable('lt_runs', table => {
    table
      .bigInteger('rolled_second')
      .comment('Per-second counts up to this epoch second are in the rollups');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('rolled_second');
  });
  await knex.schema.alterTable('lt_samples', table => {
    table.dropIndex(['run_id', 'rolled'], 'lt_samples_unrolled_idx');
    table.dropColumn('rolled');
  });
  await knex.schema.dropTable('lt_run_rollups');
};
