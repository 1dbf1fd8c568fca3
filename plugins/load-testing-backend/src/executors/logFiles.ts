import { NotFoundError } from '@backstage/errors';
import { LogChunk } from '@internal/plugin-load-testing-common';
import fs from 'fs';

/** Largest chunk of a log one request returns. */
export const LOG_CHUNK_LIMIT = 256 * 1024;

export interface LogRange {
  offset?: number;
  tail?: number;
  limit?: number;
}

/** Start and length of the bytes a range asks for in a log of `size` bytes. */
function bounds(size: number, range: LogRange) {
  const limit = Math.min(range.limit ?? LOG_CHUNK_LIMIT, LOG_CHUNK_LIMIT);
  let offset =
    range.offset ?? (range.tail !== undefined ? size - range.tail : 0);
  offset = Math.max(0, Math.min(offset, size));
  return { offset, length: Math.min(limit, size - offset) };
}

/** A byte range of a text, like a log file read at an offset. */
export function sliceLog(
  node: string,
  text: Buffer,
  range: LogRange,
): LogChunk {
  const size = text.length;
  const { offset, length } = bounds(size, range);
  return {
    node,
    offset,
    nextOffset: offset + length,
    size,
    text: text.subarray(offset, offset + length).toString('utf8'),
  };
}

/** Reads a byte range of a node's log file. */
export async function readLogFile(
  file: string,
  node: string,
  range: LogRange,
  notFound: string,
): Promise<LogChunk> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    throw new NotFoundError(notFound);
  }
  try {
    const { size } = await handle.stat();
    const { offset, length } = bounds(size, range);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, offset);
    return {
      node,
      offset,
      nextOffset: offset + length,
      size,
      text: buffer.toString('utf8'),
    };
  } finally {
    await handle.close();
  }
}
