/*
 * Kubernetes runs: where a run's pods live, and pod facts on nodes.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lt_runs', table => {
    table
      .text('placement')
      .comment(
        'JSON: cluster, namespace, image, workersReadySeconds (kubernetes)',
      );
  });
  await knex.schema.alterTable('lt_nodes', table => {
    table.string('pod').comment('Pod name (kubernetes)');
    table.string('phase', 64).comment('Pod phase or why it is stuck');
    table.integer('restarts');
    table.timestamp('ready_at', { useTz: true });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lt_nodes', table => {
    table.dropColumn('pod');
    table.dropColumn('phase');
    table.dropColumn('restarts');
    table.dropColumn('ready_at');
  });
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('placement');
  });
};
