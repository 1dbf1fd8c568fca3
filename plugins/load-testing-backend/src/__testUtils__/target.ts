import path from 'path';

/** The sample target service of this repository (dev/target), started on loopback. */
export const startTarget: (options: {
  port: number;
  host?: string;
}) => Promise<{ url: string; port: number; close(): Promise<void> }> =
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require(
    path.resolve(__dirname, '../../../../dev/target/server.js'),
  ).startTarget;
