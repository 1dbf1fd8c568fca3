/**
 * Whether `host` (a run's base URL) is allowed by one of the patterns. A pattern is a
 * base URL in which `*` matches any run of characters except `/`, e.g.
 * `http://127.0.0.1:*` or `https://*.staging.example.com`.
 * @public
 */
export function isTargetAllowed(host: string, patterns: string[]): boolean {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return false;
  }
  // compare origins only: the path of the target does not widen or narrow access
  const origin = `${url.protocol}//${url.host}`.toLowerCase();
  return patterns.some(pattern => {
    const p = pattern.trim().replace(/\/+$/, '').toLowerCase();
    const regex = new RegExp(
      `^${p
        .split('*')
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}$`,
    );
    return regex.test(origin);
  });
}
