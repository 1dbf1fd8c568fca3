import { Run } from '@internal/plugin-load-testing-common';
import { junitXml } from './junit';

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
    expect(xml).toContain('value="http://x/runs/r1?a=1&amp;b=2"');
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
