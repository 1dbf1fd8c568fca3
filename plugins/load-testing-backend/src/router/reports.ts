import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { ReportService } from '../services/reports/ReportService';
import { caller } from './credentials';

/** `/runs/:runId/report`: the report of a run and its changes. */
export function reportsRouter(options: {
  httpAuth: HttpAuthService;
  reports: ReportService;
}) {
  const { httpAuth, reports } = options;
  const router = Router();
  router.get('/runs/:runId/report', async (req, res) => {
    const { credentials } = await caller(httpAuth, req);
    res.json(await reports.get(req.params.runId, credentials));
  });
  router.patch('/runs/:runId/report', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json(
      await reports.update(req.params.runId, req.body, credentials, userRef),
    );
  });
  router.post('/runs/:runId/report/conclusions', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res
      .status(201)
      .json(
        await reports.addConclusions(
          req.params.runId,
          req.body,
          credentials,
          userRef,
        ),
      );
  });
  router.post('/runs/:runId/report/issues', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res
      .status(201)
      .json(
        await reports.addIssue(
          req.params.runId,
          req.body,
          credentials,
          userRef,
        ),
      );
  });
  router.delete('/runs/:runId/report/issues/:issueId', async (req, res) => {
    const { credentials, userRef } = await caller(httpAuth, req);
    res.json(
      await reports.removeIssue(
        req.params.runId,
        req.params.issueId,
        credentials,
        userRef,
      ),
    );
  });
  return router;
}
