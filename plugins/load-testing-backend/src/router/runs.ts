import Router from 'express-promise-router';
import { RouterOptions } from './index';
import { caller } from './credentials';
import { pageParam } from './paging';
import { toRun } from '../services/RunService';
import { Approval, Run } from '@internal/plugin-load-testing-common';

function runApproval(a: Approval): Run['approval'] {
  return {
    id: a.id,
    state: a.state,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    comment: a.comment,
    expiresAt: a.expiresAt,
    reasons: a.reasons,
    estimate: a.estimate,
  };
}

export function runsRouter({
  httpAuth,
  runs,
  results,
  approvals,
}: RouterOptions) {
  const router = Router();
  router.post('/', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.status(201).json(await runs.create(req.body, credentials, userRef));
  });
  router.get('/', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    const offset = pageParam('offset', req.query.offset, 0, 1_000_000);
    const limit = pageParam('limit', req.query.limit, 20, 200);
    res.json(
      await runs.list(
        {
          entityRef: req.query.entityRef as string | undefined,
          scenarioId: req.query.scenarioId as string | undefined,
          offset,
          limit,
        },
        credentials,
      ),
    );
  });
  router.get('/:runId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    const run = toRun(await runs.get(req.params.runId, credentials));
    // the approval it waited for, or the plan approval that covered it
    const approval = await approvals?.forRun(run.id);
    res.json(approval ? { ...run, approval: runApproval(approval) } : run);
  });
  router.post('/:runId/cancel', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json(await runs.cancel(req.params.runId, credentials, userRef));
  });
  router.get('/:runId/series', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      await results.series(req.params.runId, req.query as any, credentials),
    );
  });
  router.get('/:runId/endpoints', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json({
      totals: await results.endpoints(
        req.params.runId,
        req.query as { from?: string; to?: string },
        credentials,
      ),
    });
  });
  router.get('/:runId/errors', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await results.errors(req.params.runId, credentials));
  });
  router.get('/:runId/nodes', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json({ items: await results.nodes(req.params.runId, credentials) });
  });
  router.get('/:runId/logs/:node', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(
      await results.log(
        req.params.runId,
        req.params.node,
        req.query as any,
        credentials,
      ),
    );
  });
  return router;
}
