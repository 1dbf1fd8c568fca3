import net from 'net';

/** An IP network: its address bytes (4 or 16) and prefix length. */
export interface Cidr {
  bytes: number[];
  prefix: number;
}

function ipv4Bytes(text: string): number[] | undefined {
  if (net.isIPv4(text)) return text.split('.').map(Number);
  return undefined;
}

function ipv6Bytes(text: string): number[] | undefined {
  if (!net.isIPv6(text)) return undefined;
  let s = text;
  const tail: number[] = [];
  // an IPv4-mapped tail such as ::ffff:10.0.0.1
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    tail.push(...ipv4Bytes(dotted[1])!);
    s = `${s.slice(0, dotted.index + 1)}0:0`;
  }
  const [head, rest] = s.split('::');
  const groups = (part?: string) =>
    part ? part.split(':').map(g => parseInt(g, 16)) : [];
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const middle = new Array(8 - left.length - right.length).fill(0);
  const all = rest === undefined ? left : [...left, ...middle, ...right];
  const bytes = all.flatMap(g => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The bytes of an IP address, or undefined when `text` is none. */
export function ipBytes(text: string): number[] | undefined {
  return ipv4Bytes(text) ?? ipv6Bytes(text);
}

/** Parses `10.0.0.0/8`, `fd00::/64` or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [address, bits, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = ipBytes(address);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (bits === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return { bytes, prefix: Number(bits) };
}

function masked(c: Cidr): number[] {
  return c.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    return b & (0xff << (8 - keep)) & 0xff;
  });
}

function formatBytes(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // the longest run of zero groups becomes ::
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  const left = groups.slice(0, best.at).join(':');
  const right = groups.slice(best.at + best.len).join(':');
  return `${left}::${right}`;
}

/** The network in the form the API server stores: host bits cleared, e.g. `10.1.0.0/16`. */
export function formatCidr(c: Cidr): string {
  return `${formatBytes(masked(c))}/${c.prefix}`;
}

/** Whether the address `ip` lies inside the network. */
export function cidrContains(c: Cidr, ip: string): boolean {
  const bytes = ipBytes(ip);
  if (!bytes || bytes.length !== c.bytes.length) return false;
  return (
    formatBytes(masked({ bytes, prefix: c.prefix })) === formatBytes(masked(c))
  );
}
