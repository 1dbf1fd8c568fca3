import {
  EndpointStats,
  RunParameters,
  VerdictCheck,
  describeCheck,
} from '@internal/plugin-load-testing-common';
import { esc } from './escape';
import { clock, lineChart } from './svg';
import { ExportInput, runSeconds } from './types';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined | null) =>
  n === undefined || n === null
    ? '—'
    : `${n < 10 ? Number(n.toFixed(1)) : Math.round(n).toLocaleString('en-US')} ms`;
const perSecond = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const percent = (n: number) => `${Number((n * 100).toFixed(2))} %`;

/** A link only for web addresses: anything else is shown as text. */
function link(url: string, text: string): string {
  return /^https?:\/\//i.test(url)
    ? `<a href="${esc(url)}" rel="noreferrer noopener">${esc(text)}</a>`
    : esc(text);
}

function parameterRows(p: RunParameters): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Host', p.host],
    ['Executor', p.executor],
    ['Workers', String(p.workers)],
  ];
  if (p.stages?.length) {
    rows.push([
      'Stages',
      p.stages
        .map(
          s => `${s.users} users for ${s.duration} s (spawn ${s.spawnRate}/s)`,
        )
        .join('; '),
    ]);
  } else {
    rows.push(
      ['Users', String(p.users)],
      ['Spawn rate', `${p.spawnRate}/s`],
      ['Duration', `${p.duration} s`],
    );
  }
  if (p.engine) rows.push(['Engine', p.engine]);
  if (p.cluster) rows.push(['Cluster', p.cluster]);
  if (p.tags?.length) rows.push(['Locust tags', p.tags.join(', ')]);
  if (p.env && Object.keys(p.env).length)
    rows.push(['Environment', Object.keys(p.env).join(', ')]);
  if (p.resources) rows.push(['Resources', JSON.stringify(p.resources)]);
  return rows;
}

function table(header: string[], rows: string[][], numeric: boolean[]): string {
  const cell = (tag: string, v: string, i: number) =>
    `<${tag}${numeric[i] ? ' class="num"' : ''}>${v}</${tag}>`;
  return `<table><thead><tr>${header
    .map((h, i) => cell('th', esc(h), i))
    .join('')}</tr></thead><tbody>${rows
    .map(r => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function endpointTable(input: ExportInput): string {
  const { totals } = input;
  if (!totals) return '<p class="muted">The run made no request.</p>';
  const row = (e: EndpointStats, total = false) => [
    esc(total ? '' : e.method),
    total ? '<strong>Aggregated</strong>' : esc(e.name),
    count(e.requests),
    count(e.failures),
    percent(e.failureRatio),
    ms(e.averageMs),
    ms(e.percentiles.p50),
    ms(e.percentiles.p95),
    ms(e.percentiles.p99),
    ms(e.maxMs),
    perSecond(e.rps),
  ];
  return table(
    [
      'Method',
      'Name',
      'Requests',
      'Failures',
      'Failure ratio',
      'Average',
      'p50',
      'p95',
      'p99',
      'Max',
      'RPS',
    ],
    [...totals.endpoints.map(e => row(e)), row(totals.total, true)],
    [false, false, true, true, true, true, true, true, true, true, true],
  );
}

function charts(input: ExportInput): string {
  const points = input.series.points;
  if (!points.length)
    return '<p class="muted">No samples were kept for this run.</p>';
  const start = (input.series.from ?? points[0].t - 1000) as number;
  const xs = points.map(p => Math.max(0, (p.t - start) / 1000));
  const pct = (key: string) => points.map(p => p.percentiles[key] ?? null);
  return [
    lineChart({
      title: 'Requests per second',
      xs,
      lines: [
        { label: 'RPS', color: '#1f77b4', values: points.map(p => p.rps) },
        {
          label: 'Failures/s',
          color: '#d62728',
          values: points.map(p => p.failuresPerSecond),
        },
      ],
    }),
    lineChart({
      title: 'Response time percentiles (ms)',
      xs,
      lines: [
        { label: 'p50', color: '#2ca02c', values: pct('p50') },
        { label: 'p95', color: '#ff7f0e', values: pct('p95') },
        { label: 'p99', color: '#9467bd', values: pct('p99') },
      ],
    }),
    lineChart({
      title: 'Users',
      xs,
      lines: [
        { label: 'Users', color: '#17becf', values: points.map(p => p.users) },
      ],
    }),
  ].join('\n');
}

function verdictSection(input: ExportInput): string {
  const v = input.run.verdictDetails;
  if (!v) return '<p class="muted">No verdict: the run did not complete.</p>';
  const mark = (c: VerdictCheck) => {
    if (c.passed) return '<span class="pass">✓</span>';
    if (c.outcome === 'inconclusive')
      return '<span class="inconclusive">?</span>';
    return '<span class="fail">✗</span>';
  };
  const checks = v.checks.map(c => [
    mark(c),
    esc(describeCheck(c)),
    esc(c.source ?? ''),
    esc(c.message ?? ''),
  ]);
  return [
    table(['', 'Check', 'Source', 'Details'], checks, [
      false,
      false,
      false,
      false,
    ]),
    ...(v.reasons?.length
      ? [`<ul>${v.reasons.map(r => `<li>${esc(r)}</li>`).join('')}</ul>`]
      : []),
  ].join('');
}

function errorsSection(input: ExportInput): string {
  const parts: string[] = [];
  if (input.errors.length)
    parts.push(
      table(
        ['Occurrences', 'Method', 'Name', 'Error'],
        input.errors.map(e => [
          count(e.occurrences),
          esc(e.method),
          esc(e.name),
          esc(e.error),
        ]),
        [true, false, false, false],
      ),
    );
  for (const x of input.exceptions)
    parts.push(
      `<details><summary>${esc(x.count)} × ${esc(x.msg)}</summary><pre>${esc(
        x.traceback,
      )}</pre></details>`,
    );
  return parts.length ? parts.join('') : '<p class="muted">No failures.</p>';
}

function reportSection(input: ExportInput): string {
  const r = input.report;
  if (!r) return '';
  const parts: string[] = ['<section id="report"><h2>Report</h2>'];
  const facts: Array<[string, string]> = [];
  if (r.status)
    facts.push(['Status', `<span class="chip">${esc(r.status)}</span>`]);
  if (r.tags.length)
    facts.push([
      'Tags',
      r.tags.map(t => `<span class="chip">${esc(t)}</span>`).join(' '),
    ]);
  if (r.archived) facts.push(['Archived', 'yes']);
  if (facts.length)
    parts.push(
      `<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    );
  if (r.conclusions)
    parts.push(
      `<h3>Conclusions</h3><p class="muted">${esc(r.conclusions.author)}, ${esc(
        r.conclusions.createdAt,
      )}</p><pre class="conclusions">${esc(r.conclusions.body)}</pre>`,
    );
  if (r.issues.length)
    parts.push(
      `<h3>Linked issues</h3><ul>${r.issues
        .map(
          i =>
            `<li>${link(i.url, i.title || i.url)} <span class="muted">(${esc(i.addedBy)})</span></li>`,
        )
        .join('')}</ul>`,
    );
  parts.push('</section>');
  return parts.join('');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px auto;max-width:960px;color:#1c1c1c;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f5f5f5}.num{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:14px;margin:0}dt{color:#555}dd{margin:0}
.chip{display:inline-block;border-radius:10px;padding:1px 8px;background:#eee;font-size:12px}
.verdict-pass{background:#e3f4e5;color:#1b5e20}.verdict-fail{background:#fdecea;color:#b71c1c}.verdict-inconclusive{background:#fff4e5;color:#8a5300}
.pass{color:#1b5e20}.fail{color:#b71c1c}.inconclusive{color:#8a5300}.muted{color:#666;font-size:13px}
.chart{display:block;margin:8px 0;max-width:100%;height:auto}.chart .grid{stroke:#eee}.chart .axis{stroke:#999}.chart text{font-size:11px;fill:#444}.chart .chart-title{font-size:13px;font-weight:600;fill:#222}
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px;font-size:12px}
`;

/**
 * The run as one self-contained HTML page: its header, verdict, parameters, charts drawn
 * as inline SVG, endpoint table, errors and the team's report. It loads nothing: no
 * script, stylesheet, font or image, and its policy forbids fetching any.
 */
export function runHtml(input: ExportInput): string {
  const { run } = input;
  const verdict = run.verdict ?? 'none';
  const title = `${run.scenarioName} · run ${run.id.slice(0, 8)}`;
  const who: Array<[string, string]> = [
    ['Entity', esc(run.entityRef)],
    ['Run', link(input.runUrl, run.id)],
    [
      'Status',
      `${esc(run.status)}${run.statusReason ? ` — ${esc(run.statusReason)}` : ''}`,
    ],
    ['Started by', esc(run.createdBy)],
    ['Created', esc(run.createdAt)],
    ['Started', esc(run.startedAt ?? '—')],
    ['Finished', esc(run.finishedAt ?? '—')],
    ['Duration', clock(runSeconds(input))],
    ['Script version', esc(run.scriptVersion ?? '—')],
    ...parameterRows(run.parameters).map(([k, v]): [string, string] => [
      k,
      esc(v),
    ]),
  ];
  const warnings = (run.warnings ?? [])
    .map(w => `<li>${esc(w.message)}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(run.scenarioName)}</h1>
<p><span class="chip verdict-${esc(verdict)}" id="verdict">Verdict: ${esc(verdict.toUpperCase())}</span> <span class="muted">${esc(run.entityRef)} · exported ${esc(input.exportedAt)}</span></p>
</header>
<section id="verdict-checks"><h2>Verdict</h2>${verdictSection(input)}</section>
${warnings ? `<section id="warnings"><h2>Warnings</h2><ul>${warnings}</ul></section>` : ''}
<section id="run"><h2>Run</h2><dl>${who.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl></section>
<section id="charts"><h2>Over time</h2>${charts(input)}</section>
<section id="endpoints"><h2>Endpoints</h2>${endpointTable(input)}</section>
<section id="errors"><h2>Failures and exceptions</h2>${errorsSection(input)}</section>
${reportSection(input)}
</body>
</html>
`;
}
