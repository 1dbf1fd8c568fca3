import { Run } from '@internal/plugin-load-testing-common';
import { describeCheck } from './format';

const escape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 has no place for most control characters
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML of a run: one test case per check of its verdict. A check that did not hold
 * is a failure, one that had no data (inconclusive) an error; a run that did not complete
 * is one test case in error with its reason.
 */
export function junitXml(run: Run, runUrl: string, seconds: number): string {
  const checks = run.verdictDetails?.checks ?? [];
  const suite = `${run.scenarioName} (${run.entityRef})`;
  const classname = `load-testing.${run.entityRef}.${run.scenarioName}`;
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const c of checks) {
    const name = escape(describeCheck(c));
    let body = '';
    if (!c.passed && c.outcome === 'inconclusive') {
      errors++;
      body = `<error type="inconclusive" message="${escape(c.message ?? describeCheck(c))}"/>`;
    } else if (!c.passed) {
      failures++;
      body = `<failure type="${c.source ?? 'threshold'}" message="${escape(c.message ?? describeCheck(c))}"/>`;
    }
    cases.push(
      `    <testcase classname="${escape(classname)}" name="${name}" time="0">${body}</testcase>`,
    );
  }
  if (!checks.length) {
    errors++;
    const why =
      run.statusReason ?? `the run ended ${run.status} without a verdict`;
    cases.push(
      `    <testcase classname="${escape(classname)}" name="run" time="${seconds.toFixed(1)}"><error type="${escape(run.status)}" message="${escape(why)}"/></testcase>`,
    );
  }
  const attrs = `tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(1)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="load-testing" ${attrs}>`,
    `  <testsuite name="${escape(suite)}" ${attrs} skipped="0" timestamp="${escape(run.createdAt)}">`,
    '    <properties>',
    `      <property name="run" value="${escape(runUrl)}"/>`,
    `      <property name="status" value="${escape(run.status)}"/>`,
    `      <property name="verdict" value="${escape(run.verdict ?? '')}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
