import Router from 'express-promise-router';
import { ApprovalState } from '@internal/plugin-load-testing-common';
import { caller } from './credentials';
import { ApprovalService } from '../services/approvals/ApprovalService';
import { HttpAuthService } from '@backstage/backend-plugin-api';

/** /approvals and /quotas. */
export function approvalsRouter(options: {
  httpAuth: HttpAuthService;
  approvals: ApprovalService;
}) {
  const { httpAuth, approvals } = options;
  const router = Router();
  router.get('/approvals', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json({
      items: await approvals.list(
        {
          state: req.query.state as ApprovalState | undefined,
          entityRef: req.query.entityRef,
        },
        credentials,
      ),
    });
  });
  router.get('/approvals/:approvalId', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await approvals.get(req.params.approvalId, credentials));
  });
  router.post('/approvals/:approvalId/decision', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json(
      await approvals.decide(
        req.params.approvalId,
        req.body,
        credentials,
        userRef,
      ),
    );
  });
  router.get('/quotas', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json({
      items: await approvals.quotas(req.query.entityRef, credentials),
    });
  });
  return router;
}
