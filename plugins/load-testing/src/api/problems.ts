import { ResponseError } from '@backstage/errors';
import { FieldError } from '@internal/plugin-load-testing-common';

/** What a screen shows of a failed request: a message, and messages per field. */
export interface ApiProblem {
  status?: number;
  message: string;
  /** Keyed by the API's field path, e.g. `parameters.users`. */
  fields: Record<string, string>;
}

/** Field errors as a map; the first message of a field wins. */
export function fieldMap(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}

/** Turns any thrown value into what the UI can show; reads `error.fields` of 400s. */
export function toApiProblem(e: unknown): ApiProblem {
  if (
    e instanceof ResponseError ||
    (e as ResponseError)?.name === 'ResponseError'
  ) {
    const r = e as ResponseError;
    const body = r.body as {
      error?: { message?: string; fields?: FieldError[] };
    };
    const fields = Array.isArray(body?.error?.fields) ? body.error!.fields : [];
    return {
      status: r.statusCode,
      message: body?.error?.message ?? r.cause?.message ?? r.message,
      fields: fieldMap(fields),
    };
  }
  return { message: e instanceof Error ? e.message : String(e), fields: {} };
}
