// @ts-check

/**
 * Plans: batches of scenarios in groups, fired by a schedule or by hand; plan runs and
 * their steps; approvals of runs and plan versions; what quotas count; which backend
 * replica follows a run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lt_plans', table => {
    table.comment('Scheduled or manual batches of scenarios of an entity');
    table.string('id', 36).primary();
    table.string('entity_ref').notNullable().index();
    table.string('name').notNullable();
    table.text('description');
    table.text('groups').notNullable().comment('JSON PlanGroup[]');
    table.boolean('stop_on_failure').notNullable().defaultTo(true);
    table.string('schedule_cron', 120);
    table.string('schedule_timezone', 64);
    table.string('overlap', 16).notNullable().defaultTo('skip');
    table.boolean('enabled').notNullable().defaultTo(true);
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Grows when the groups or the schedule change');
    table.string('created_by').notNullable();
    table.string('created_at').notNullable();
    table.string('updated_by');
    table.string('updated_at').notNullable();
    table.unique(['entity_ref', 'name']);
  });
  await knex.schema.createTable('lt_plan_runs', table => {
    table.comment('One firing of a plan');
    table.string('id', 36).primary();
    table.string('plan_id', 36).notNullable();
    table.integer('plan_version').notNullable();
    table.string('plan_name').notNullable();
    table.string('entity_ref').notNullable();
    table.string('trigger', 16).notNullable().comment('schedule or manual');
    table.string('triggered_by').notNullable();
    table.string('status', 32).notNullable();
    table.string('verdict', 16);
    table.text('verdict_reason');
    table.text('steps').notNullable().comment('JSON PlanRunStep[]');
    table.string('created_at').notNullable();
    table.string('started_at');
    table.string('finished_at');
    table
      .string('claimed_by')
      .comment('The backend replica driving it, while it is active');
    table.string('claimed_at');
    table
      .string('scheduled_for')
      .comment('The schedule slot a fire was for: one plan run per slot');
    table
      .string('approval_id', 36)
      .comment('The approved plan version that covers its runs');
    table.unique(['plan_id', 'scheduled_for'], {
      indexName: 'lt_plan_runs_slot_idx',
    });
    table.index(['plan_id', 'created_at'], 'lt_plan_runs_plan_idx');
    table.index(['status'], 'lt_plan_runs_status_idx');
  });
  await knex.schema.createTable('lt_approvals', table => {
    table.comment('Decisions that let a run or a plan version start');
    table.string('id', 36).primary();
    table.string('subject_kind', 8).notNullable().comment('run or plan');
    table.string('run_id', 36).index();
    table.string('plan_id', 36).index();
    table.integer('plan_version');
    table.string('entity_ref').notNullable().index();
    table.text('title').notNullable();
    table.string('requested_by').notNullable();
    table.string('requested_at').notNullable();
    table.text('reasons').notNullable().comment('JSON string[]');
    table.text('estimate').notNullable().comment('JSON LoadEstimate');
    table.string('state', 16).notNullable();
    table.string('decided_by');
    table.string('decided_at');
    table.text('comment');
    table.string('expires_at').notNullable();
  });
  await knex.schema.alterTable('lt_runs', table => {
    table.string('plan_run_id', 36).index();
    table.string('approval_id', 36);
    table
      .float('core_hours')
      .comment('CPU-core-hours the run is counted for by quotas');
    table
      .string('owner_group')
      .comment('Owner of the entity when the run was admitted, for group quotas');
    table
      .string('instance')
      .comment('The backend replica whose executor follows the run');
  });
  await knex.schema.createTable('lt_instances', table => {
    table.comment('Backend replicas and when each last said it is alive');
    table.string('id', 200).primary();
    table.string('host').notNullable();
    table.string('started_at').notNullable();
    table.string('heartbeat_at').notNullable();
    table.string('stopped_at').comment('Set when the replica shut down');
  });
  await knex.schema.createTable('lt_run_logs', table => {
    table.comment('Logs of the nodes of finished runs, readable from every replica');
    table.string('run_id', 36).notNullable();
    table.string('node').notNullable();
    table.text('content').notNullable();
    table.boolean('truncated').notNullable().defaultTo(false);
    table.primary(['run_id', 'node']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lt_run_logs');
  await knex.schema.dropTable('lt_instances');
  await knex.schema.alterTable('lt_runs', table => {
    table.dropIndex(['plan_run_id']);
    table.dropColumn('plan_run_id');
    table.dropColumn('approval_id');
    table.dropColumn('core_hours');
    table.dropColumn('owner_group');
    table.dropColumn('instance');
  });
  await knex.schema.dropTable('lt_approvals');
  await knex.schema.dropTable('lt_plan_runs');
  await knex.schema.dropTable('lt_plans');
};
