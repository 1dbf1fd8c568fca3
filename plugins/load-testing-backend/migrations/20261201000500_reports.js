// @ts-check

/**
 * Reports: a finished run's conclusions (every version kept), status, tags and linked
 * issues; scenario baselines; the load generators' resources over time; and what
 * retention dropped.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lt_reports', table => {
    table.comment('The report of a finished run: what the team made of it');
    table.string('run_id', 36).primary();
    table
      .string('status', 32)
      .comment('accepted, regression, investigating or invalid; none yet');
    table.string('status_set_by').comment('Who set the status');
    table.string('status_set_at').comment('When the status was set');
    table.text('tags').notNullable().defaultTo('[]').comment('JSON string[]');
    table
      .boolean('archived')
      .notNullable()
      .defaultTo(false)
      .comment('Kept past the retention of runs');
    table.string('updated_by');
    table.string('updated_at').notNullable();
  });
  await knex.schema.createTable('lt_report_conclusions', table => {
    table.comment(
      'Every version of the conclusions of a report; the newest is current',
    );
    table.increments('id');
    table.string('run_id', 36).notNullable().index();
    table.text('body').notNullable().comment('Markdown');
    table.string('author').notNullable();
    table.string('created_at').notNullable();
  });
  await knex.schema.createTable('lt_report_issues', table => {
    table.comment('Issues filed because of a run');
    table.string('id', 36).primary();
    table.string('run_id', 36).notNullable().index();
    table.text('url').notNullable();
    table.text('title').notNullable();
    table.string('added_by').notNullable();
    table.string('added_at').notNullable();
  });
  await knex.schema.alterTable('lt_scenarios', table => {
    table
      .string('baseline_run_id', 36)
      .comment('The run later runs of this scenario are compared with');
    table
      .float('baseline_margin_percent')
      .comment('How much worse than the baseline p95 may be, in percent');
    table.string('baseline_set_by').comment('Who made the run the baseline');
    table.string('baseline_set_at');
  });
  await knex.schema.createTable('lt_node_samples', table => {
    table.comment('CPU and memory of the load generators over time, per node');
    table.string('run_id', 36).notNullable();
    table.string('node').notNullable();
    table.bigInteger('ts').notNullable().comment('epoch ms');
    table.float('cpu_percent');
    table.bigInteger('memory_bytes');
    table.integer('user_count');
    table.primary(['run_id', 'node', 'ts']);
  });
  await knex.schema.alterTable('lt_runs', table => {
    table
      .string('raw_dropped_at')
      .comment('When retention dropped the raw samples; reads use the rollups');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lt_runs', table => {
    table.dropColumn('raw_dropped_at');
  });
  await knex.schema.dropTable('lt_node_samples');
  await knex.schema.alterTable('lt_scenarios', table => {
    table.dropColumn('baseline_set_at');
    table.dropColumn('baseline_set_by');
    table.dropColumn('baseline_margin_percent');
    table.dropColumn('baseline_run_id');
  });
  await knex.schema.dropTable('lt_report_issues');
  await knex.schema.dropTable('lt_report_conclusions');
  await knex.schema.dropTable('lt_reports');
};
