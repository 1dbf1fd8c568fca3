import Router from 'express-promise-router';
import { RouterOptions } from './index';
import { SIGNATURE_HEADER } from '../services/signatures';

/** Unauthenticated for Backstage: each delivery is signed with the run's secret. */
export function webhooksRouter({ ingest }: RouterOptions) {
  const router = Router();
  router.post('/runs/:runId', async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await ingest.ingest(
      req.params.runId,
      body,
      req.header(SIGNATURE_HEADER),
    );
    res.status(result.stored ? 201 : 200).json({
      stored: result.stored,
      duplicate: !result.stored,
      ...(result.stop ? { stop: true } : {}),
    });
  });
  return router;
}
