import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { ExportService } from '../services/reports/ExportService';
import { caller } from './credentials';

/** GET /runs/:runId/export?format=html|csv|json|junit: a file of a finished run. */
export function exportsRouter(options: {
  httpAuth: HttpAuthService;
  exports: ExportService;
}) {
  const router = Router();
  router.get('/:runId/export', async (req, res) => {
    const { credentials } = await caller(options.httpAuth, req);
    const file = await options.exports.export(
      req.params.runId,
      req.query.format,
      credentials,
    );
    res.setHeader('Content-Type', file.contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${file.fileName}"`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // the HTML report runs nothing and loads nothing, wherever it is opened
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  });
  return router;
}
