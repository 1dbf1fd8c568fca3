import Router from 'express-promise-router';
import { RouterOptions } from './index';
import { caller } from './credentials';

/** GET /compare?runs=a,b[,c,d] */
export function compareRouter({ httpAuth, compare }: RouterOptions) {
  const router = Router();
  router.get('/', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await compare.compare(req.query.runs, credentials));
  });
  return router;
}

/** A scenario's baseline and trend: /scenarios/:scenarioId/baseline and /trend. */
export function baselinesRouter({ httpAuth, baselines }: RouterOptions) {
  const router = Router();
  router.put('/:scenarioId/baseline', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json({
      baseline: await baselines.set(
        req.params.scenarioId,
        req.body,
        credentials,
        userRef,
      ),
    });
  });
  router.delete('/:scenarioId/baseline', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    await baselines.clear(req.params.scenarioId, credentials);
    res.status(204).end();
  });
  router.get('/:scenarioId/trend', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      await baselines.trend(
        req.params.scenarioId,
        req.query.limit,
        credentials,
      ),
    );
  });
  return router;
}
