// @ts-check

/**
 * When Locust started the test of a run: start-up and waiting for the workers come
 * before it, so time under load counts from here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lt_runs', table => {
    table
      .timestamp('load_started_at', { useTz: true })
      .comment('When Locust started the test (its stats start time)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('load_started_at');
  });
};
