import fs from 'fs';
import net from 'net';

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Signals a whole process group; a group that is already gone is fine. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Processes whose command line contains `marker` (Linux /proc). */
export async function findProcesses(
  marker: string,
): Promise<Array<{ pid: number; cmdline: string }>> {
  let entries: string[];
  try {
    entries = await fs.promises.readdir('/proc');
  } catch {
    return [];
  }
  const pids: Array<{ pid: number; cmdline: string }> = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = await fs.promises.readFile(
        `/proc/${entry}/cmdline`,
        'utf8',
      );
      if (cmdline.includes(marker))
        pids.push({ pid: Number(entry), cmdline: cmdline.replace(/\0/g, ' ') });
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
