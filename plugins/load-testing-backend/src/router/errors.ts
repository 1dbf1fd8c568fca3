import { LoggerService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

const STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
};

/**
 * Backstage's error body, plus `error.fields` for validation errors, so a form can
 * put each message next to its field.
 */
export function errorHandler(logger: LoggerService) {
  return (err: any, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let status = STATUS[err?.name] ?? 500;
    if (err?.type === 'entity.parse.failed') status = 400;
    if (err?.type === 'entity.too.large') status = 413;
    if (status >= 500)
      logger.error(`${req.method} ${req.originalUrl} failed`, err);
    const body = serializeError(err, { includeStack: false });
    res.status(status).json({
      error: { ...body, ...(err?.fields ? { fields: err.fields } : {}) },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}
