import Router from 'express-promise-router';
import { NotFoundError } from '@backstage/errors';
import { RouterOptions } from './index';
import { caller } from './credentials';
import { pageParam } from './paging';
import { toPlanRun } from '../services/plans/PlanService';

/** Plans (`/plans`) and plan runs (`/plan-runs`): HTTP only. */
export function plansRouter({ httpAuth, plans, planRunner }: RouterOptions) {
  const router = Router();
  if (!plans || !planRunner) {
    router.use(['/plans', '/plan-runs'], () => {
      throw new NotFoundError('Plans are not enabled on this backend');
    });
    return router;
  }
  router.get('/plans', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json({ items: await plans.list(req.query.entityRef, credentials) });
  });
  router.post('/plans', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.status(201).json(await plans.create(req.body, credentials, userRef));
  });
  router.get('/plans/:planId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await plans.get(req.params.planId, credentials));
  });
  router.put('/plans/:planId', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json(
      await plans.update(req.params.planId, req.body, credentials, userRef),
    );
  });
  router.delete('/plans/:planId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    await plans.delete(req.params.planId, credentials);
    res.status(204).end();
  });
  router.post('/plans/:planId/run', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    const plan = await plans.getRow(req.params.planId, credentials);
    res.status(202).json(await planRunner.runNow(plan, credentials, userRef));
  });
  router.get('/plans/:planId/runs', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    const offset = pageParam('offset', req.query.offset, 0, 1_000_000);
    const limit = pageParam('limit', req.query.limit, 20, 200);
    res.json(
      await plans.listRuns(req.params.planId, { offset, limit }, credentials),
    );
  });
  router.get('/plan-runs/:planRunId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      toPlanRun(await plans.getRunRow(req.params.planRunId, credentials)),
    );
  });
  router.post('/plan-runs/:planRunId/cancel', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    const run = await plans.getRunRow(req.params.planRunId, credentials);
    res.json(await planRunner.cancel(run, credentials, userRef));
  });
  return router;
}
