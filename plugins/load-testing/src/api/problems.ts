import { ResponseError } from '@backstage/errors';
import { FieldError } from '@internal/plugin-load-testing-common';

/** What a screen shows of a failed request: a message, and messages per field. */
export interface ApiProblem {
  status?: number;
  message: string;
  /** Keyed by the API's field path, e.g. `parameters.users`. */
  fields: Record<string, string>;
  /** The line of a script a field's message is about, keyed like `fields`. */
  lines?: Record<string, number>;
}

/** Field errors as a map; the first message of a field wins. */
export function fieldMap(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}

/**
 * Turns any thrown value into what the UI can show; reads the field errors of a 400
 * (or a 403 that names a field) from `error.details`, or `error.fields`.
 */
export function toApiProblem(e: unknown): ApiProblem {
  if (
    e instanceof ResponseError ||
    (e as ResponseError)?.name === 'ResponseError'
  ) {
    const r = e as ResponseError;
    const body = r.body as {
      error?: { message?: string; fields?: unknown; details?: unknown };
    };
    const fields = [body?.error?.details, body?.error?.fields]
      .filter((list): list is unknown[] => Array.isArray(list))
      .flat()
      .filter(
        (f): f is FieldError =>
          typeof (f as FieldError)?.field === 'string' &&
          typeof (f as FieldError)?.message === 'string',
      );
    const lines: Record<string, number> = {};
    for (const f of fields)
      if (typeof f.line === 'number' && !(f.field in lines))
        lines[f.field] = f.line;
    return {
      status: r.statusCode,
      message: body?.error?.message ?? r.cause?.message ?? r.message,
      fields: fieldMap(fields),
      ...(Object.keys(lines).length ? { lines } : {}),
    };
  }
  return { message: e instanceof Error ? e.message : String(e), fields: {} };
}
