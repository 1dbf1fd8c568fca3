import {
  formatMs,
  formatPrincipal,
  formatRatio,
  formatRps,
  formatSeconds,
  formatSecondsPrecise,
  runElapsedSeconds,
  secondsBetween,
} from './format';

describe('format', () => {
  it('formats the figures of a run', () => {
    expect(formatMs(4.25)).toBe('4.3 ms');
    expect(formatMs(1234)).toBe('1234 ms');
    expect(formatMs(12345)).toBe('12.3 s');
    expect(formatMs(undefined)).toBe('—');
    expect(formatRps(10.74)).toBe('10.7/s');
    expect(formatRps(1234.5)).toBe('1235/s');
    expect(formatRatio(0)).toBe('0 %');
    expect(formatRatio(0.00333)).toBe('0.33 %');
    expect(formatRatio(0.00001)).toBe('< 0.01 %');
    expect(formatSeconds(61)).toBe('1 min 01 s');
    expect(formatSeconds(1800)).toBe('30 min');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
    expect(formatPrincipal('user:development/guest')).toBe('guest');
    expect(formatPrincipal('service:ci')).toBe('service:ci');
  });

  it('formats short waits to a tenth of a second', () => {
    expect(formatSecondsPrecise(4.2)).toBe('4.2 s');
    expect(formatSecondsPrecise(12)).toBe('12 s');
    expect(formatSecondsPrecise(0.04)).toBe('0 s');
    expect(formatSecondsPrecise(59.97)).toBe('1 min');
    expect(formatSecondsPrecise(95)).toBe('1 min 35 s');
    expect(formatSecondsPrecise(undefined)).toBe('—');
    expect(
      secondsBetween('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:04.200Z'),
    ).toBeCloseTo(4.2);
    expect(secondsBetween('2026-01-01T00:00:00Z', undefined)).toBeUndefined();
    expect(secondsBetween('2026-01-01T00:00:00Z', 'soon')).toBeUndefined();
  });

  it('measures a run from its start to its end, or to now while live', () => {
    const run = { createdAt: '', startedAt: '2026-01-01T00:00:00Z' };
    expect(runElapsedSeconds(run, Date.parse('2026-01-01T00:00:42Z'))).toBe(42);
    expect(
      runElapsedSeconds({ ...run, finishedAt: '2026-01-01T00:01:00Z' }),
    ).toBe(60);
    expect(runElapsedSeconds({ createdAt: '' })).toBeUndefined();
  });
});
