import Router from 'express-promise-router';
import { RouterOptions } from './index';
import { caller } from './credentials';
import { PrometheusError } from '../services/reports/PrometheusClient';

/** The load generators' resources and the target's own metrics over a run. */
export function resourcesRouter({ httpAuth, resources }: RouterOptions) {
  const router = Router();
  if (!resources) return router;
  router.get('/:runId/resources', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      await resources.resources(
        req.params.runId,
        req.query as { from?: string; to?: string; points?: string },
        credentials,
      ),
    );
  });
  router.get('/:runId/prometheus', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    try {
      res.json(
        await resources.prometheus(
          req.params.runId,
          req.query as { from?: string; to?: string },
          credentials,
        ),
      );
    } catch (e) {
      if (!(e instanceof PrometheusError)) throw e;
      // the metrics' source failed, not this backend: a gateway error with its message
      res.status(502).json({
        error: { name: 'PrometheusError', message: e.message },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 502 },
      });
    }
  });
  return router;
}
