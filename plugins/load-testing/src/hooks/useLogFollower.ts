import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useRef, useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../api';

const FIRST_TAIL_BYTES = 64 * 1024;
const MAX_KEPT_CHARS = 1024 * 1024;
const FOLLOW_MS = 2000;

/** The log of one node, followed by offset while the run is live. */
export interface FollowedLog {
  text: string;
  loading: boolean;
  /** Set when the log cannot be read (yet). */
  message?: string;
  /** True when older lines were left out. */
  truncated: boolean;
}

function keepTail(text: string): string {
  if (text.length <= MAX_KEPT_CHARS) return text;
  const cut = text.indexOf('\n', text.length - MAX_KEPT_CHARS);
  return text.slice(cut >= 0 ? cut + 1 : text.length - MAX_KEPT_CHARS);
}

/**
 * Reads the last 64 KiB of a node's log, then appends what follows from
 * `nextOffset`; stops once the run ended and the log is read to its end.
 */
export function useLogFollower(
  runId: string,
  node: string | undefined,
  live: boolean,
) {
  const api = useApi(loadTestingApiRef);
  const [log, setLog] = useState<FollowedLog>({
    text: '',
    loading: true,
    truncated: false,
  });
  const liveRef = useRef(live);
  liveRef.current = live;

  useEffect(() => {
    if (!node) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let next: number | undefined;
    setLog({ text: '', loading: true, truncated: false });

    const step = async () => {
      const startedLive = liveRef.current;
      let delay = FOLLOW_MS;
      try {
        const chunk = await api.getLog(
          runId,
          node,
          next === undefined ? { tail: FIRST_TAIL_BYTES } : { offset: next },
        );
        if (cancelled) return;
        let text = chunk.text;
        const first = next === undefined;
        // a tail starts mid-line: drop the partial first line
        if (first && chunk.offset > 0)
          text = text.slice(text.indexOf('\n') + 1);
        next = chunk.nextOffset;
        setLog(l => ({
          text: keepTail(first ? text : l.text + text),
          loading: false,
          truncated: l.truncated || (first && chunk.offset > 0),
        }));
        const behind = chunk.nextOffset < chunk.size;
        if (behind) delay = 0;
        else if (!startedLive) return;
      } catch (e) {
        if (cancelled) return;
        const problem = toApiProblem(e);
        setLog(l => ({
          ...l,
          loading: false,
          message:
            problem.status === 404
              ? `No log from ${node} yet.`
              : `Could not read the log of ${node}: ${problem.message}`,
        }));
        if (!startedLive) return;
      }
      if (!cancelled) timer = setTimeout(step, delay);
    };
    step();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, runId, node]);

  return log;
}
