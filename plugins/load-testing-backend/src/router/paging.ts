import { throwIfInvalid } from '../services/errors';

/**
 * A paging query parameter (`offset`, `limit`): `fallback` when absent, else a whole
 * number from 0 to `max`, refused with a message on `field` otherwise.
 */
export function pageParam(
  field: string,
  raw: unknown,
  fallback: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throwIfInvalid([
      { field, message: `must be a whole number from 0 to ${max}` },
    ]);
  }
  return n;
}
