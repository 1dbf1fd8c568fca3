import {
  HttpAuthService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import express, { ErrorRequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import Router from 'express-promise-router';
import fs from 'fs';
import { parse as parseYaml } from 'yaml';
import { ScenarioService } from '../services/ScenarioService';
import { ScenarioSources } from '../sources/ScenarioSources';
import { RunService } from '../services/RunService';
import { IngestService } from '../services/IngestService';
import { ResultsService } from '../services/ResultsService';
import { LoadTestingSettings } from '@internal/plugin-load-testing-common';
import { scenariosRouter } from './scenarios';
import { resourcesRouter } from './resources';
import { ResourcesService } from '../services/reports/ResourcesService';
import { runsRouter } from './runs';
import { webhooksRouter } from './webhooks';
import { baselinesRouter, compareRouter } from './compare';
import { CompareService } from '../services/reports/CompareService';
import { BaselineService } from '../services/reports/BaselineService';
import { reportsRouter } from './reports';
import { exportsRouter } from './exports';
import { ExportService } from '../services/reports/ExportService';
import { ReportService } from '../services/reports/ReportService';
import { errorHandler, validationErrors } from './errors';
import { plansRouter } from './plans';
import { PlanService } from '../services/plans/PlanService';
import { PlanRunner } from '../services/plans/PlanRunner';
import { caller } from './credentials';
import { approvalsRouter } from './approvals';
import { ApprovalService } from '../services/approvals/ApprovalService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  settings: LoadTestingSettings;
  scenarios: ScenarioService;
  sources: ScenarioSources;
  runs: RunService;
  results: ResultsService;
  ingest: IngestService;
  compare: CompareService;
  baselines: BaselineService;
  reports: ReportService;
  exports: ExportService;
  /** The generators' resources and the target's metrics over a run. */
  resources?: ResourcesService;
  /** Plans and their runs. */
  plans?: PlanService;
  planRunner?: PlanRunner;
  /** Approvals of runs and plan versions, and quotas. */
  approvals?: ApprovalService;
}

/** The API's source of truth: requests are validated against it before any handler. */
export const openApiSpec = parseYaml(
  fs.readFileSync(
    resolvePackagePath(
      '@internal/plugin-load-testing-backend',
      'assets/openapi.yaml',
    ),
    'utf8',
  ),
);

/** HTTP only: every rule lives in the services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // the monitor signs the raw bytes: parse them after verification, not before
  router.use(
    '/webhooks',
    express.raw({ type: () => true, limit: '16mb' }),
    webhooksRouter(options),
  );
  // routes are plain express handlers: the spec is read at runtime, not typed
  const api = Router();
  api.use(express.json({ limit: '1mb' }));
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiSpec);
  });
  api.use(
    OpenApiValidator.middleware({
      apiSpec: openApiSpec,
      validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
      validateResponses: false,
      ignoreUndocumented: true,
      useRequestUrl: true,
    }),
  );
  api.use(validationErrors() as ErrorRequestHandler);
  api.get('/settings', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(options.settings);
  });
  api.use('/scenarios', baselinesRouter(options));
  api.use('/scenarios', scenariosRouter(options));
  api.use('/compare', compareRouter(options));
  api.get('/scenario-sources', async (req, res) => {
    const { credentials } = await caller(options.httpAuth, req);
    res.json({
      source: await options.sources.get(req.query.entityRef, credentials),
    });
  });
  api.post('/scenario-sources/sync', async (req, res) => {
    const { credentials } = await caller(options.httpAuth, req);
    res.json({
      source: await options.sources.sync(req.body?.entityRef, credentials),
    });
  });
  api.use(reportsRouter(options));
  if (options.approvals)
    api.use(
      approvalsRouter({
        httpAuth: options.httpAuth,
        approvals: options.approvals,
      }),
    );
  api.use(plansRouter(options));
  api.use('/runs', runsRouter(options));
  api.use('/runs', exportsRouter(options));
  api.use('/runs', resourcesRouter(options));
  router.use(api);
  router.use(errorHandler(options.logger) as ErrorRequestHandler);
  return router;
}
