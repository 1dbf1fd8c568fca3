import { LoggerService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';
import crypto from 'crypto';
import { ValidationError } from '../services/errors';

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
    // errors of express and its middleware that carry their own client-error status
    // (a body that is not JSON or too large, a missing content type, an unknown method)
    const own = Number(err?.status ?? err?.statusCode);
    if (status === 500 && Number.isInteger(own) && own >= 400 && own < 500)
      status = own;
    let body = serializeError(err, { includeStack: false });
    if (status >= 500) {
      // what failed inside (a database's message, SQL) stays in the log
      const logId = crypto.randomBytes(8).toString('hex');
      logger.error(
        `${req.method} ${req.path} failed (logId=${logId})`,
        err instanceof Error ? err : new Error(String(err)),
      );
      body = {
        name: 'Error',
        message: `An internal error occurred (logId=${logId})`,
      };
    }
    res.status(status).json({
      error: { ...body, ...(err?.fields ? { fields: err.fields } : {}) },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}

/** `/body/parameters/users` → `parameters.users`, `/query/points` → `points`. */
function fieldOf(path: string | undefined): string {
  const parts = (path ?? '').split('/').filter(Boolean);
  if (['body', 'query', 'params', 'headers'].includes(parts[0])) parts.shift();
  return parts.join('.') || 'body';
}

/**
 * The OpenAPI validator's refusals as 400s naming each field, the way the services'
 * own checks name them; an unknown route or method is left to the next handler.
 */
export function validationErrors() {
  return (err: any, _req: Request, _res: Response, next: NextFunction) => {
    if (!Array.isArray(err?.errors) || err.status !== 400) {
      next(err);
      return;
    }
    next(
      new ValidationError(
        err.errors.slice(0, 20).map((e: any) => ({
          field: fieldOf(e.path),
          message: String(e.message ?? 'is invalid'),
        })),
      ),
    );
  };
}
