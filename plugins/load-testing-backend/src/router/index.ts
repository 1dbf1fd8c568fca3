import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import { ScenarioService } from '../services/ScenarioService';
import { RunService } from '../services/RunService';
import { IngestService } from '../services/IngestService';
import { ResultsService } from '../services/ResultsService';
import { LoadTestingSettings } from '@internal/plugin-load-testing-common';
import { scenariosRouter } from './scenarios';
import { runsRouter } from './runs';
import { webhooksRouter } from './webhooks';
import { errorHandler } from './errors';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  settings: LoadTestingSettings;
  scenarios: ScenarioService;
  runs: RunService;
  results: ResultsService;
  ingest: IngestService;
}

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
  router.use(express.json({ limit: '1mb' }));
  router.get('/settings', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(options.settings);
  });
  router.use('/scenarios', scenariosRouter(options));
  router.use('/runs', runsRouter(options));
  router.use(errorHandler(options.logger) as ErrorRequestHandler);
  return router;
}
