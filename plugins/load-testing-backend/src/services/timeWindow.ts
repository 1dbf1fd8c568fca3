/**
 * The `from`/`to` query of a read (epoch milliseconds, `from` before `to`): what is
 * given, and a message in `errors` for each field that is wrong.
 */
export function parseWindow(
  query: { from?: string; to?: string },
  errors: Array<{ field: string; message: string }>,
): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  for (const field of ['from', 'to'] as const) {
    const v = query[field];
    if (v === undefined) continue;
    const n = Number(v);
    if (!/^\d{1,15}$/.test(String(v)) || !Number.isSafeInteger(n))
      errors.push({ field, message: 'must be a time in epoch milliseconds' });
    else out[field] = n;
  }
  if (out.from !== undefined && out.to !== undefined && out.from >= out.to)
    errors.push({ field: 'to', message: 'must be after from' });
  return out;
}
