import { esc } from './escape';

/** One line of a chart: a value per x, `null` where there is none (a gap). */
export interface ChartLine {
  label: string;
  color: string;
  values: Array<number | null>;
}

export interface LineChartOptions {
  title: string;
  /** Seconds from the start of the run, one per value. */
  xs: number[];
  lines: ChartLine[];
  /** Formats a value on the y axis. */
  formatY?: (v: number) => string;
  width?: number;
  height?: number;
}

/** `1:05`, `1:02:05` */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A step of 1, 2 or 5 × 10ⁿ that splits `max` into about `count` parts. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return ([1, 2, 5].find(n => f <= n) ?? 10) * pow;
}

const num = (v: number) => Number(v.toFixed(1));

/**
 * A line chart drawn as inline SVG: axes with round ticks, a legend, gaps where a line
 * has no value. Needs no script, font or image.
 */
export function lineChart(opts: LineChartOptions): string {
  const width = opts.width ?? 880;
  const height = opts.height ?? 240;
  const m = { left: 60, right: 16, top: 30, bottom: 30 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const formatY = opts.formatY ?? (v => String(Number(v.toPrecision(3))));
  const values = opts.lines.flatMap(l =>
    l.values.filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const maxX = Math.max(1, ...opts.xs);
  const yStep = niceStep(Math.max(...values, 0) || 1, 4);
  const maxY = Math.max(
    yStep,
    Math.ceil(Math.max(...values, 0) / yStep) * yStep,
  );
  const x = (s: number) => m.left + (s / maxX) * w;
  const y = (v: number) => m.top + h - (v / maxY) * h;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${esc(
      opts.title,
    )}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${esc(opts.title)}</title>`,
    `<text x="${m.left}" y="16" class="chart-title">${esc(opts.title)}</text>`,
  );
  for (let v = 0; v <= maxY + yStep / 2; v += yStep) {
    parts.push(
      `<line x1="${m.left}" x2="${m.left + w}" y1="${num(y(v))}" y2="${num(
        y(v),
      )}" class="grid"/>`,
      `<text x="${m.left - 6}" y="${num(y(v)) + 4}" text-anchor="end" class="tick">${esc(
        formatY(v),
      )}</text>`,
    );
  }
  const xStep = Math.max(1, niceStep(maxX, 6));
  for (let s = 0; s <= maxX + 1e-9; s += xStep) {
    parts.push(
      `<text x="${num(x(s))}" y="${m.top + h + 18}" text-anchor="middle" class="tick">${clock(
        s,
      )}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" class="axis"/>`,
    `<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" class="axis"/>`,
  );
  let legendX = width - m.right;
  for (const line of [...opts.lines].reverse()) {
    const label = esc(line.label);
    legendX -= 14 + line.label.length * 7 + 16;
    parts.push(
      `<rect x="${legendX}" y="8" width="10" height="10" fill="${esc(line.color)}"/>`,
      `<text x="${legendX + 14}" y="17" class="legend">${label}</text>`,
    );
  }
  for (const line of opts.lines) {
    // one path per run of values, so a gap shows as a gap
    let d = '';
    let pen = false;
    line.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v) || opts.xs[i] === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${num(x(opts.xs[i]))},${num(y(v))}`;
      pen = true;
    });
    if (d)
      parts.push(
        `<path d="${d}" fill="none" stroke="${esc(line.color)}" stroke-width="1.8" data-series="${esc(
          line.label,
        )}"/>`,
      );
  }
  if (!values.length)
    parts.push(
      `<text x="${m.left + w / 2}" y="${m.top + h / 2}" text-anchor="middle" class="tick">no data</text>`,
    );
  parts.push('</svg>');
  return parts.join('');
}
