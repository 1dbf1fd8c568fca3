/**
 * A target base URL in the one form every parser reads the same way:
 * `scheme://host[:port][/path]`, lower-case scheme and host, the default port and any
 * trailing slash left out. Undefined for anything else: user info, a query or fragment,
 * backslashes, spaces, control characters or percent-escapes in the authority, a scheme
 * other than http and https. Node's URL parser and Python's read such forms differently,
 * so one of them could check a host the other then connects to.
 * @public
 */
export function canonicalTarget(host: unknown): string | undefined {
  if (typeof host !== 'string') return undefined;
  const text = host.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f]/.test(text)) return undefined;
  const m = /^(https?):\/\/([^/?#]*)(\/[^?#]*)?$/i.exec(text);
  if (!m) return undefined;
  const authority = m[2];
  // only what a host name, an IPv4 or a bracketed IPv6 address and a port are made of
  if (!/^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(authority))
    return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.hostname === '' || (url.port !== '' && Number(url.port) > 65535))
    return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`.replace(
    /^[a-z]+:\/\/[^/]+/i,
    origin => origin.toLowerCase(),
  );
}

/**
 * Whether `host` (a run's base URL) is allowed by one of the patterns. A pattern is a
 * base URL in which `*` matches any run of characters except `/`, e.g.
 * `http://127.0.0.1:*` or `https://*.staging.example.com`. Only the canonical form of a
 * host can be allowed.
 * @public
 */
export function isTargetAllowed(host: string, patterns: string[]): boolean {
  const canonical = canonicalTarget(host);
  if (!canonical) return false;
  // compare origins only: the path of the target does not widen or narrow access
  const origin = new URL(canonical).origin.toLowerCase();
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
