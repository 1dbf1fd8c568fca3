import { Run, VerdictCheck } from './types';
import { PlanRun, PlanRunStep } from './plans';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n < 10 ? Number(n.toFixed(1)) : Math.round(n)} ms`;
const rps = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)}/s`;
const ratio = (n: number) => `${Number((n * 100).toFixed(2))} %`;

const LABELS: Record<string, string> = {
  failureRatio: 'failures',
  rps: 'RPS',
  requests: 'requests',
  exceptions: 'exceptions',
  exitCode: 'Locust exit code',
};

function checkValue(metric: string, v: number | null): string {
  if (v === null) return 'no data';
  if (metric === 'failureRatio') return ratio(v);
  if (metric === 'rps') return rps(v);
  if (['requests', 'exceptions', 'exitCode'].includes(metric)) return count(v);
  return ms(v);
}

/**
 * A verdict check in words: `p95 120 ms ≤ 300 ms` for one that held, `p95 420 ms > 300 ms`
 * for one that did not, `exceptions 0`.
 * @public
 */
export function describeCheck(c: VerdictCheck): string {
  const name = LABELS[c.metric] ?? c.metric;
  if (c.metric === 'exceptions' || c.metric === 'exitCode')
    return `${name} ${checkValue(c.metric, c.actual)}`;
  let op = c.comparator === '<=' ? '≤' : '≥';
  if (!c.passed && c.actual !== null) op = c.comparator === '<=' ? '>' : '<';
  return `${name} ${checkValue(c.metric, c.actual)} ${op} ${checkValue(
    c.metric,
    c.threshold,
  )}`;
}

/** Text for an XML attribute (XML 1.0 has no place for most control characters). */
export function xmlEscape(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

interface JunitSuite {
  xml: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

type JunitRun = Pick<
  Run,
  | 'id'
  | 'scenarioName'
  | 'entityRef'
  | 'status'
  | 'statusReason'
  | 'verdict'
  | 'verdictDetails'
  | 'createdAt'
>;

const property = (name: string, value: string) =>
  `      <property name="${name}" value="${xmlEscape(value)}"/>`;

const counts = (s: Omit<JunitSuite, 'xml'>) =>
  `tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" time="${s.seconds.toFixed(
    1,
  )}"`;

/** One run as a test suite: one test case per check of its verdict. */
function runSuite(
  run: JunitRun,
  runUrl: string,
  seconds: number,
  extra: Array<[string, string]> = [],
): JunitSuite {
  const checks = run.verdictDetails?.checks ?? [];
  const suite = `${run.scenarioName} (${run.entityRef})`;
  const classname = `load-testing.${run.entityRef}.${run.scenarioName}`;
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const c of checks) {
    const text = describeCheck(c);
    const message = xmlEscape(c.message ?? text);
    let body = '';
    if (!c.passed && c.outcome === 'inconclusive') {
      errors++;
      body = `<error type="inconclusive" message="${message}"/>`;
    } else if (!c.passed) {
      failures++;
      body = `<failure type="${xmlEscape(
        c.source ?? 'threshold',
      )}" message="${message}"/>`;
    }
    cases.push(
      `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(
        text,
      )}" time="0">${body}</testcase>`,
    );
  }
  if (!checks.length) {
    errors++;
    const why =
      run.statusReason ?? `the run ended ${run.status} without a verdict`;
    cases.push(
      `    <testcase classname="${xmlEscape(
        classname,
      )}" name="run" time="${seconds.toFixed(1)}"><error type="${xmlEscape(
        run.status,
      )}" message="${xmlEscape(why)}"/></testcase>`,
    );
  }
  const totals = {
    tests: cases.length,
    failures,
    errors,
    skipped: 0,
    seconds,
  };
  return {
    ...totals,
    xml: [
      `  <testsuite name="${xmlEscape(suite)}" ${counts(
        totals,
      )} skipped="0" timestamp="${xmlEscape(run.createdAt)}">`,
      '    <properties>',
      property('run.id', run.id),
      property('run.url', runUrl),
      property('scenario', run.scenarioName),
      property('entity', run.entityRef),
      property('status', run.status),
      property('verdict', run.verdict ?? ''),
      ...extra.map(([n, v]) => property(n, v)),
      '    </properties>',
      ...cases,
      '  </testsuite>',
    ],
  };
}

function document(name: string, suites: JunitSuite[]): string {
  const sum = (k: 'tests' | 'failures' | 'errors' | 'seconds') =>
    suites.reduce((n, s) => n + s[k], 0);
  const totals = {
    tests: sum('tests'),
    failures: sum('failures'),
    errors: sum('errors'),
    skipped: 0,
    seconds: sum('seconds'),
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" ${counts(totals)}>`,
    ...suites.flatMap(s => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * JUnit XML of a run: one test suite, one test case per check of its verdict. A check
 * that did not hold is a failure, one that had no data (inconclusive) an error; a run that
 * did not complete is one test case in error with its reason. Properties name the run,
 * its scenario, entity and page.
 * @public
 */
export function junitXml(
  run: JunitRun,
  runUrl: string,
  seconds: number,
): string {
  return document('load-testing', [runSuite(run, runUrl, seconds)]);
}

/**
 * JUnit XML of a plan run: one test suite per step's run (its checks as in
 * {@link junitXml}); a step that got no run is a suite of one test case, in error with
 * why it could not start, or skipped when the plan stopped before it.
 * @public
 */
export function junitPlanXml(
  planRun: Pick<PlanRun, 'id' | 'planName' | 'entityRef' | 'createdAt'> & {
    steps: Array<
      Pick<PlanRunStep, 'group' | 'index' | 'scenarioName' | 'status' | 'error'>
    >;
  },
  planRunUrl: string,
  runs: Map<string, { run: JunitRun; url: string; seconds: number }>,
  stepRunIds: Array<string | undefined>,
): string {
  const suites = planRun.steps.map((step, i): JunitSuite => {
    const stepName = `step ${step.group + 1}.${step.index + 1}`;
    const extra: Array<[string, string]> = [
      ['plan', planRun.planName],
      ['plan.run.id', planRun.id],
      ['plan.run.url', planRunUrl],
      ['plan.step', stepName],
    ];
    const id = stepRunIds[i];
    const found = id ? runs.get(id) : undefined;
    if (found) return runSuite(found.run, found.url, found.seconds, extra);
    const classname = `load-testing.${planRun.entityRef}.${step.scenarioName}`;
    const skipped = !step.error;
    const body = skipped
      ? '<skipped message="the plan run ended before this step"/>'
      : `<error type="not-started" message="${xmlEscape(step.error!)}"/>`;
    const totals = {
      tests: 1,
      failures: 0,
      errors: skipped ? 0 : 1,
      skipped: skipped ? 1 : 0,
      seconds: 0,
    };
    return {
      ...totals,
      xml: [
        `  <testsuite name="${xmlEscape(
          `${step.scenarioName} (${planRun.entityRef})`,
        )}" ${counts(totals)} skipped="${totals.skipped}" timestamp="${xmlEscape(
          planRun.createdAt,
        )}">`,
        '    <properties>',
        ...extra.map(([n, v]) => property(n, v)),
        '    </properties>',
        `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(
          stepName,
        )}" time="0">${body}</testcase>`,
        '  </testsuite>',
      ],
    };
  });
  return document(`load-testing plan ${planRun.planName}`, suites);
}
