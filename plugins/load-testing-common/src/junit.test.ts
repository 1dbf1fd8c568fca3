import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitXml } from './junit';
import { Run } from './types';

const run = (over: Partial<Run>): Run =>
  ({
    id: 'r1',
    scenarioName: 'browse <all> & "more"',
    entityRef: 'component:default/shop-api',
    status: 'succeeded',
    createdAt: '2026-12-01T10:00:00.000Z',
    parameters: { duration: 30 },
    ...over,
  }) as Run;

describe('junitXml', () => {
  it('has a test case per check: failures and inconclusive errors counted, text escaped', () => {
    const xml = junitXml(
      run({
        verdict: 'fail',
        verdictDetails: {
          result: 'fail',
          reasons: [],
          checks: [
            {
              metric: 'requests',
              comparator: '>=',
              threshold: 1,
              actual: 9,
              passed: true,
              source: 'run',
            },
            {
              metric: 'p95',
              comparator: '<=',
              threshold: 300,
              actual: 420,
              passed: false,
              outcome: 'fail',
              source: 'threshold',
            },
            {
              metric: 'exitCode',
              comparator: '<=',
              threshold: 0,
              actual: 1,
              passed: false,
              outcome: 'inconclusive',
              source: 'run',
              message: 'Locust exited 1 <see log>',
            },
          ],
        },
      }),
      'http://x/runs/r1?a=1&b=2',
      31.25,
    );
    expect(xml).toContain(
      '<testsuites name="load-testing" tests="3" failures="1" errors="1" time="31.3">',
    );
    expect(xml).toContain(
      'name="browse &lt;all&gt; &amp; &quot;more&quot; (component:default/shop-api)"',
    );
    expect(xml).toContain(
      '<failure type="threshold" message="p95 420 ms &gt; 300 ms"/>',
    );
    expect(xml).toContain(
      '<error type="inconclusive" message="Locust exited 1 &lt;see log&gt;"/>',
    );
    expect(xml).toContain(
      '<property name="run.url" value="http://x/runs/r1?a=1&amp;b=2"/>',
    );
  });

  it('is one error when the run did not complete', () => {
    const xml = junitXml(
      run({ status: 'failed', statusReason: 'The Locust master was killed' }),
      'http://x',
      3,
    );
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(xml).toContain(
      '<error type="failed" message="The Locust master was killed"/>',
    );
  });
});

/** The parts of the JUnit schema (Ant's junit.xsd, as CI servers read it) a report must meet. */
function expectJunitShape(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: name => ['testsuite', 'testcase', 'property'].includes(name),
  }).parse(xml);
  const root = doc.testsuites;
  expect(root).toBeDefined();
  const suites = root.testsuite;
  expect(suites).toHaveLength(1);
  const suite = suites[0];
  for (const a of ['name', 'tests', 'failures', 'errors', 'time', 'timestamp'])
    expect(suite[a]).toBeDefined();
  expect(Number.isNaN(Date.parse(suite.timestamp))).toBe(false);
  const cases = suite.testcase;
  expect(Number(suite.tests)).toBe(cases.length);
  expect(Number(suite.failures)).toBe(
    cases.filter((c: any) => c.failure).length,
  );
  expect(Number(suite.errors)).toBe(cases.filter((c: any) => c.error).length);
  for (const c of cases) {
    expect(typeof c.name).toBe('string');
    expect(typeof c.classname).toBe('string');
    expect(Number.isFinite(Number(c.time))).toBe(true);
    for (const k of Object.keys(c))
      expect(['name', 'classname', 'time', 'failure', 'error']).toContain(k);
  }
  return {
    suite,
    properties: Object.fromEntries(
      suite.properties.property.map((p: any) => [p.name, p.value]),
    ),
  };
}

describe('junitXml against the JUnit schema', () => {
  it('parses, with counts matching its test cases and the run named in properties', () => {
    const { suite, properties } = expectJunitShape(
      junitXml(
        run({
          verdict: 'fail',
          verdictDetails: {
            result: 'fail',
            checks: [
              {
                metric: 'p95',
                comparator: '<=',
                threshold: 300,
                actual: 420,
                passed: false,
                outcome: 'fail',
                source: 'threshold',
              },
              {
                metric: 'rps',
                comparator: '>=',
                threshold: 10,
                actual: null,
                passed: false,
                outcome: 'inconclusive',
                source: 'threshold',
              },
              {
                metric: 'exceptions',
                comparator: '<=',
                threshold: 0,
                actual: 0,
                passed: true,
                source: 'run',
                message: 'bad \u0001 control & <tags>',
              },
            ],
          },
        }),
        'http://x/runs/r1',
        12,
      ),
    );
    expect(suite.name).toBe(
      'browse <all> & "more" (component:default/shop-api)',
    );
    expect(suite.testcase.map((c: any) => c.name)).toEqual([
      'p95 420 ms > 300 ms',
      'RPS no data ≥ 10.0/s',
      'exceptions 0',
    ]);
    expect(suite.testcase[0].failure.message).toBe('p95 420 ms > 300 ms');
    expect(suite.testcase[1].error.type).toBe('inconclusive');
    expect(properties).toEqual({
      'run.id': 'r1',
      'run.url': 'http://x/runs/r1',
      scenario: 'browse <all> & "more"',
      entity: 'component:default/shop-api',
      status: 'succeeded',
      verdict: 'fail',
    });
  });

  it('is valid for a run that ended without a verdict', () => {
    const { suite } = expectJunitShape(
      junitXml(run({ status: 'cancelled' }), 'http://x', 0),
    );
    expect(suite.testcase[0].error.message).toBe(
      'the run ended cancelled without a verdict',
    );
  });
});
