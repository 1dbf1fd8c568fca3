import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  EXECUTOR_NAME_PATTERN,
  loadTestingPermissions,
} from '@internal/plugin-load-testing-common';
import { loadTestingExecutorsExtensionPoint } from '@internal/plugin-load-testing-node';
import { readLoadTestingConfig } from './config';
import { LoadTestingEvents } from './services/events';
import { notificationService } from '@backstage/plugin-notifications-node';
import { NotificationSender } from './services/notifications/NotificationSender';
import { readNotificationsConfig } from './services/notifications/notificationsConfig';
import { ApprovalStore } from './database/ApprovalStore';
import { ApprovalService } from './services/approvals/ApprovalService';
import { readApprovalsConfig } from './services/approvals/approvalsConfig';
import { KnexStore } from './database/KnexStore';
import { Executor } from './executors/types';
import { createRouter } from './router';
import { AccessControl } from './services/access';
import { Admission } from './services/admission';
import { ScriptChecker } from './services/scriptCheck';
import { RepositorySync } from './sources/RepositorySync';
import { ScenarioSources } from './sources/ScenarioSources';
import { IngestService } from './services/IngestService';
import { NodeTracker } from './services/NodeTracker';
import { ResultsService } from './services/ResultsService';
import { RollupService } from './services/RollupService';
import { RunService, toRun } from './services/RunService';
import { PlanStore } from './database/PlanStore';
import { PlanService } from './services/plans/PlanService';
import { PlanRunner } from './services/plans/PlanRunner';
import { PlanScheduler } from './services/plans/PlanScheduler';
import { ReplicaStore } from './database/ReplicaStore';
import { ReplicaService } from './services/replicas/ReplicaService';
import { readReplicaConfig } from './services/replicas/replicaConfig';
import { ScenarioService } from './services/ScenarioService';
import { RetentionStore } from './database/RetentionStore';
import { RetentionTask } from './services/housekeeping/RetentionTask';
import { WebhookSigner } from './services/signatures';
import { ResourceStore } from './database/ResourceStore';
import { GeneratorCpuWatch } from './services/reports/generatorCpu';
import {
  PrometheusClient,
  readPrometheusConfig,
} from './services/reports/PrometheusClient';
import { ResourcesService } from './services/reports/ResourcesService';
import { readCpuWarningRule } from './services/reports/resourcesConfig';
import { ReportStore } from './database/ReportStore';
import { ReportService } from './services/reports/ReportService';
import { readReportsConfig } from './services/reports/reportsConfig';
import { BaselineStore } from './database/BaselineStore';
import { BaselineService } from './services/reports/BaselineService';
import { CompareService } from './services/reports/CompareService';
import {
  ExportService,
  storedReport,
} from './services/reports/ExportService';

/**
 * The Load Tests backend plugin: scenarios, runs on Locust, the monitor webhook.
 * @public
 */
export const loadTestingPlugin = createBackendPlugin({
  pluginId: 'load-testing',
  register(env) {
    // executors come from modules, the built-in ones too
    const executors = new Map<string, Executor>();
    env.registerExtensionPoint(loadTestingExecutorsExtensionPoint, {
      addExecutor(executor) {
        if (!EXECUTOR_NAME_PATTERN.test(executor.name))
          throw new Error(
            `Executor name ${executor.name} must match ${EXECUTOR_NAME_PATTERN}`,
          );
        if (executors.has(executor.name))
          throw new Error(
            `An executor named ${executor.name} was already added`,
          );
        executors.set(executor.name, executor);
      },
    });
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        discovery: coreServices.discovery,
        rootLifecycle: coreServices.rootLifecycle,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        notifications: notificationService,
      },
      async init(deps) {
        const config = readLoadTestingConfig(deps.rootConfig);
        const store = await KnexStore.create({ database: deps.database });
        deps.permissionsRegistry.addPermissions(loadTestingPermissions);

        if (executors.size === 0)
          deps.logger.warn(
            'No executor is enabled: runs cannot start (enable loadTesting.executors.local or .kubernetes, or add an executor module)',
          );
        // what the run dialog offers: the executors modules added, and their settings
        const names = [...executors.keys()];
        config.settings.executors = names;
        if (!names.includes(config.settings.defaultExecutor))
          config.settings.defaultExecutor = names[0] ?? 'local';
        for (const executor of executors.values()) {
          const own = executor.settings?.();
          if (own)
            (config.settings as unknown as Record<string, unknown>)[
              executor.name
            ] = own;
        }
        const signer = new WebhookSigner(config.webhook.signingKey);
        const access = new AccessControl(deps.permissions);
        const admission = new Admission({
          config,
          executors,
          catalog: deps.catalog,
          logger: deps.logger,
          scripts: new ScriptChecker({
            python: config.scripts.python,
            logger: deps.logger,
          }),
        });
        const nodes = new NodeTracker(store);
        // what plans, approvals and notifications tell each other
        const loadTestingEvents = new LoadTestingEvents(deps.logger);
        // owners, approvers and requesters told through Backstage's notifications
        new NotificationSender({
          notifications: deps.notifications,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger.child({ task: 'notifications' }),
          config: readNotificationsConfig(deps.rootConfig),
        }).listen(loadTestingEvents);
        // quotas and approval rules, at the admission of every run
        const approvalsConfig = readApprovalsConfig(deps.rootConfig);
        const approvals = new ApprovalService({
          config: approvalsConfig,
          approvals: new ApprovalStore(store.knex),
          store,
          access,
          permissions: deps.permissions,
          catalog: deps.catalog,
          logger: deps.logger.child({ task: 'approvals' }),
          cpu: {
            kubernetes: config.kubernetes?.resources,
            localCoresPerWorker: approvalsConfig.quotas.localCoresPerWorker,
          },
          defaults: () => admission.defaults(),
          events: loadTestingEvents,
        });
        // runs and ingest tell each other about final snapshots and finished runs
        const events = {
          finalSnapshot: (_runId: string) => {},
          runFinished: (_runId: string) => {},
          stopRequested: (_runId: string) => {},
        };
        // rollups keep reads and the end of a run independent of its length
        const rollups = new RollupService({ store, logger: deps.logger });
        // every run of a scenario with a baseline is judged against it too
        const baselines = new BaselineService({
          store,
          baselines: new BaselineStore(store.knex),
          access,
        });
        // backend replicas on one database: who follows which run
        const replicas = new ReplicaService({
          replicas: new ReplicaStore(store.knex),
          store,
          executors,
          config: readReplicaConfig(deps.rootConfig),
          logger: deps.logger.child({ task: 'replicas' }),
        });
        const runs = new RunService({
          replicas,
          store,
          rollups,
          executors,
          access,
          admission,
          config,
          signer,
          nodes,
          logger: deps.logger,
          webhookBaseUrl: async () =>
            config.webhook.baseUrl ??
            (await deps.discovery.getBaseUrl('load-testing')),
          onFinished: runId => events.runFinished(runId),
          onStopping: runId => events.stopRequested(runId),
          reportSummaries: ids => new ReportStore(store.knex).summaries(ids),
          baselines,
          approvals,
        });
        approvals.bind(runs);
        // the load generators' CPU and memory over time, and a warning when they are the limit
        const resourceStore = new ResourceStore(store.knex);
        const generators = new GeneratorCpuWatch({
          rule: readCpuWarningRule(deps.rootConfig),
          putWarning: (runId, warning) =>
            resourceStore.putWarning(runId, warning),
          listSamples: runId => resourceStore.listSamples(runId),
          logger: deps.logger,
        });
        const prometheusConfig = readPrometheusConfig(deps.rootConfig);
        const ingest = new IngestService({
          generators,
          store,
          signer,
          nodes,
          logger: deps.logger,
          toleranceSeconds: config.webhook.toleranceSeconds,
          onFinal: runId => events.finalSnapshot(runId),
          onStored: (runId, newestSecond) =>
            rollups.foldSoon(runId, newestSecond),
        });
        events.finalSnapshot = runId => runs.onFinalSnapshot(runId);
        events.runFinished = runId => {
          ingest.forget(runId);
          store
            .getRun(runId)
            .then(r => r && loadTestingEvents.emit('runFinished', toRun(r)))
            .catch(e => deps.logger.warn(`Run ${runId}: ${e}`));
        };
        events.stopRequested = runId => ingest.stopRequested(runId);
        const results = new ResultsService({
          store,
          runs,
          rollups,
          executors,
        });
        await replicas.heartbeat();
        await runs.recoverOnStartup();
        await replicas.start(runs, deps.scheduler);
        // stop runs while their final snapshots can still be delivered to this backend
        deps.rootLifecycle.addBeforeShutdownHook(async () => {
          await runs.shutdown();
          // what outlives this backend (Kubernetes runs) is followed by another replica
          await replicas.release();
        });
        deps.rootLifecycle.addShutdownHook(() => rollups.shutdown());
        await deps.scheduler.scheduleTask({
          id: 'load-testing-time-limits',
          frequency: { seconds: 10 },
          timeout: { minutes: 1 },
          scope: 'local',
          fn: async () => {
            await runs.enforceTimeLimits();
          },
        });
        // approvals nobody decided in time: their runs are cancelled
        await deps.scheduler.scheduleTask({
          id: 'load-testing-approval-expiry',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            await approvals.expireDue();
          },
        });
        // what runs that ended while no backend watched, or were forgotten, left behind
        const sweep = async () => {
          const removed = await runs.sweep();
          if (removed) deps.logger.info(`Swept what ${removed} run(s) left`);
        };
        sweep().catch(e => deps.logger.warn(`Startup sweep failed: ${e}`));
        const every = {
          minutes: Math.min(
            10,
            ...[...executors.values()].map(e => e.sweepIntervalMinutes ?? 10),
          ),
        };
        await deps.scheduler.scheduleTask({
          id: 'load-testing-sweep',
          frequency: every,
          initialDelay: every,
          timeout: { minutes: 5 },
          scope: 'local',
          fn: sweep,
        });
        // what is kept of finished runs: raw samples, then whole runs, past their ages
        await new RetentionTask({
          config: config.retention,
          store,
          retention: new RetentionStore(store.knex),
          rollups,
          executors,
          logger: deps.logger.child({ task: 'retention' }),
        }).schedule(deps.scheduler);
        // scenarios kept in entities' repositories, read again on a schedule
        const sync = new RepositorySync({
          store,
          urlReader: deps.urlReader,
          catalog: deps.catalog,
          auth: deps.auth,
          admission,
          logger: deps.logger.child({ task: 'repository-sync' }),
        });
        await deps.scheduler.scheduleTask({
          id: 'load-testing-repository-sync',
          ...config.sources.schedule,
          scope: 'global',
          fn: () => sync.syncAll(),
        });
        // plans: batches of scenarios fired by the scheduler or by hand
        const planStore = new PlanStore(store.knex);
        const plans = new PlanService({
          store,
          plans: planStore,
          access,
          admission,
          approvalOf: (planId, version) =>
            new ApprovalStore(store.knex).forPlanVersion(planId, version),
        });
        const planRunner = new PlanRunner({
          store,
          plans: planStore,
          runs,
          access,
          serviceCredentials: () => deps.auth.getOwnServiceCredentials(),
          events: loadTestingEvents,
          planApprovals: approvals,
          logger: deps.logger.child({ task: 'plans' }),
          instance: replicas.id,
        });
        planRunner.listen(loadTestingEvents);
        const planScheduler = new PlanScheduler({
          scheduler: deps.scheduler,
          plans: planStore,
          fire: (planId, slot) =>
            planRunner.fire(planId, 'schedule', 'scheduler', slot),
          logger: deps.logger.child({ task: 'plans' }),
        });
        plans.setScheduler(planScheduler);
        await planScheduler.sync();
        deps.rootLifecycle.addShutdownHook(() => planScheduler.stop());
        // plans created, changed or removed on another replica
        await deps.scheduler.scheduleTask({
          id: 'load-testing-plan-schedules',
          frequency: { seconds: 15 },
          initialDelay: { seconds: 15 },
          timeout: { minutes: 1 },
          scope: 'local',
          fn: () => planScheduler.sync(),
        });
        // plan runs whose runs ended while no replica listened, or whose replica died
        await deps.scheduler.scheduleTask({
          id: 'load-testing-plan-runs',
          frequency: { seconds: 10 },
          timeout: { minutes: 2 },
          scope: 'global',
          fn: () => planRunner.tick(),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger: deps.logger,
            settings: config.settings,
            scenarios: new ScenarioService(store, access, admission),
            sources: new ScenarioSources(sync, store, access),
            runs,
            results,
            ingest,
            reports: new ReportService({
              store,
              reports: new ReportStore(store.knex),
              access,
              catalog: deps.catalog,
              logger: deps.logger,
              ...readReportsConfig(deps.rootConfig),
            }),
            compare: new CompareService({ store, access }),
            exports: new ExportService({
              runs,
              results,
              appBaseUrl: readReportsConfig(deps.rootConfig).appBaseUrl,
              report: storedReport(new ReportStore(store.knex)),
            }),
            baselines,
            approvals,
            plans,
            planRunner,
            resources: new ResourcesService({
              store,
              resources: resourceStore,
              runs,
              catalog: deps.catalog,
              prometheus: prometheusConfig
                ? new PrometheusClient(prometheusConfig)
                : undefined,
            }),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
