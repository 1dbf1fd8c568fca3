// Watches the throughput chart from inside the page: each time its newest point
// changes, records the point's time and the wall time it was on screen.

export async function installChartProbe(page) {
  await page.addInitScript(() => {
    window.__chartUpdates = [];
    let last = '';
    setInterval(() => {
      const el = document.querySelector('[data-testid="chart-throughput"]');
      const t = el?.getAttribute('data-last-t') ?? '';
      if (t && t !== last) {
        last = t;
        const status =
          document.querySelector('[data-testid="run-status"]')?.textContent ??
          '';
        window.__chartUpdates.push({
          t: Number(t),
          at: Date.now(),
          points: Number(el.dataset.points),
          status,
        });
      }
    }, 20);
  });
}

export function readChartProbe(page) {
  return page.evaluate(() => window.__chartUpdates ?? []);
}

function stats(values) {
  if (values.length === 0) return 'n/a';
  const s = [...values].sort((a, b) => a - b);
  const f = v => `${(v / 1000).toFixed(2)} s`;
  return `min ${f(s[0])}, median ${f(s[Math.floor(s.length / 2)])}, max ${f(s[s.length - 1])} (n=${s.length})`;
}

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'lost'];

/**
 * Lines for the report, over the updates seen while the run was live: how old the
 * newest point is when it appears (its 1 s bucket's end → on screen: monitor interval,
 * ingest, polling, render; a request is up to one bucket older), and the browser's
 * share (the series response before the update → drawn).
 */
export function summarize(updates, responses) {
  const live = updates.filter(u => !TERMINAL.includes(u.status));
  const age = live.map(u => u.at - u.t);
  const render = live
    .map(u => {
      const before = responses.filter(r => r.receivedAt <= u.at);
      return before.length
        ? u.at - before[before.length - 1].receivedAt
        : undefined;
    })
    .filter(v => v !== undefined);
  return [
    `chart updates while live: ${live.length}`,
    `request → its point on screen (bucket end → drawn; add ≤ 1 s for the bucket): ${stats(age)}`,
    `series response received → chart redrawn: ${stats(render)}`,
  ];
}
