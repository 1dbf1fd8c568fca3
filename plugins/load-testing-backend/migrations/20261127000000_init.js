// @ts-check

/**
 * Scenarios, runs, per-interval samples, per-second counts and nodes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lt_scenarios', table => {
    table.comment('Named Locust scripts attached to a catalog entity');
    table.string('id', 36).primary();
    table.string('entity_ref').notNullable();
    table.string('name').notNullable();
    table.text('description');
    table.text('script').notNullable();
    table
      .text('parameters')
      .notNullable()
      .comment('JSON RunParameters defaults');
    table.text('thresholds').notNullable().comment('JSON Thresholds');
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'name']);
  });

  await knex.schema.createTable('lt_runs', table => {
    table.comment(
      'One execution of a scenario with a frozen copy of its parameters',
    );
    table.string('id', 36).primary();
    table.string('scenario_id', 36).notNullable().index();
    table.string('scenario_name').notNullable();
    table.string('entity_ref').notNullable();
    table.string('status', 32).notNullable();
    table.text('status_reason');
    table.string('executor', 32).notNullable();
    table.text('script').notNullable();
    table.text('parameters').notNullable();
    table.text('thresholds').notNullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true });
    table.timestamp('finished_at', { useTz: true });
    table.timestamp('last_sample_at', { useTz: true });
    table.integer('exit_code');
    table.integer('user_count');
    table.boolean('final_received').notNullable().defaultTo(false);
    table
      .text('live')
      .comment('JSON: latest cumulative counters, errors, exceptions');
    table.text('totals').comment('JSON RunTotals once finished');
    table.string('verdict', 8);
    table.text('verdict_details').comment('JSON Verdict');
    table.float('rps');
    table.float('p95_ms');
    table.float('failure_ratio');
    table.bigInteger('requests');
    table.index(['entity_ref', 'created_at']);
    table.index(['status']);
  });

  await knex.schema.createTable('lt_samples', table => {
    table.comment(
      'What the monitor reported for one interval; idempotent on (run, seq)',
    );
    table.string('run_id', 36).notNullable();
    table.integer('seq').notNullable();
    table.bigInteger('ts').notNullable().comment('epoch ms of the snapshot');
    table.integer('user_count').notNullable().defaultTo(0);
    table
      .text('endpoints')
      .notNullable()
      .comment('JSON: per endpoint deltas and sparse delta histogram');
    table.primary(['run_id', 'seq']);
  });

  await knex.schema.createTable('lt_run_seconds', table => {
    table.comment(
      'Per-second request and failure counts from Locust, upserted by (run, second)',
    );
    table.string('run_id', 36).notNullable();
    table.bigInteger('second').notNullable().comment('epoch seconds');
    table.integer('requests').notNullable();
    table.integer('failures').notNullable();
    table
      .text('endpoints')
      .notNullable()
      .comment('JSON: {"METHOD name": [requests, failures]}');
    table.primary(['run_id', 'second']);
  });

  await knex.schema.createTable('lt_nodes', table => {
    table.comment('Participants of a run: master, workers');
    table.string('run_id', 36).notNullable();
    table.string('name').notNullable();
    table.string('role', 16).notNullable();
    table.string('state', 16).notNullable();
    table.integer('pid');
    table.string('host');
    table.float('cpu_percent');
    table.bigInteger('memory_bytes');
    table.integer('user_count');
    table.integer('exit_code');
    table.text('message');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['run_id', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lt_nodes');
  await knex.schema.dropTable('lt_run_seconds');
  await knex.schema.dropTable('lt_samples');
  await knex.schema.dropTable('lt_runs');
  await knex.schema.dropTable('lt_scenarios');
};
