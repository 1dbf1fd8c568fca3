import { mockServices } from '@backstage/backend-test-utils';
import { RunStatus } from '@internal/plugin-load-testing-common';
import { RunRow, Store } from '../database/Store';
import { IngestService } from './IngestService';
import { NodeTracker } from './NodeTracker';
import { WebhookSigner } from './signatures';

const RUN = '00000000-0000-4000-8000-000000000001';

/** The stop answer: a cancel here or on another replica reaches the monitor. */
describe('IngestService stop answer', () => {
  const signer = new WebhookSigner('ingest-test');
  let status: RunStatus;
  let finishedAt: string | undefined;
  let now: number;
  let ingest: IngestService;
  let seq = 0;

  beforeEach(() => {
    status = 'running';
    finishedAt = undefined;
    now = Date.parse('2026-11-27T12:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const store = {
      getRun: async (id: string) =>
        id === RUN ? ({ id, status } as unknown as RunRow) : undefined,
      getRunStatus: async (id: string) => (id === RUN ? status : undefined),
      getRunState: async (id: string) =>
        id === RUN
          ? { status, finalReceived: false, liveSeq: 0, finishedAt }
          : undefined,
      applySnapshots: async (writes: unknown[]) => writes.map(() => true),
    } as unknown as Store;
    ingest = new IngestService({
      store,
      signer,
      nodes: new NodeTracker(store),
      logger: mockServices.logger.mock(),
      toleranceSeconds: 300,
      onFinal: () => {},
    });
  });

  afterEach(() => jest.restoreAllMocks());

  const deliver = () => {
    const body = Buffer.from(
      JSON.stringify({
        kind: 'tick',
        seq: ++seq,
        ts: now / 1000,
        final: false,
        state: 'running',
        userCount: 5,
        perSecond: {},
      }),
    );
    return ingest.ingest(RUN, body, signer.sign(RUN, body, now));
  };

  it('answers stop once a stop was requested in this backend', async () => {
    expect((await deliver()).stop).toBe(false);
    ingest.stopRequested(RUN);
    expect((await deliver()).stop).toBe(true);
    expect((await deliver()).stop).toBe(true);
  });

  it('answers stop within seconds of a stop requested on another replica', async () => {
    expect((await deliver()).stop).toBe(false);
    status = 'stopping';
    now += 1000;
    expect((await deliver()).stop).toBe(false); // status read less than 2 s ago
    now += 1500;
    expect((await deliver()).stop).toBe(true);
  });

  it('takes a late delivery of a run another replica ended, and refuses it after the grace', async () => {
    expect((await deliver()).stored).toBe(true);
    // another replica ended the run before its final statistics arrived
    status = 'failed';
    finishedAt = new Date(now).toISOString();
    now += 2500;
    expect((await deliver()).stored).toBe(true);
    now += 3600_000;
    await expect(deliver()).rejects.toThrow(/takes no more samples/);
  });

  it('sees a run a stop was asked of end on another replica', async () => {
    expect((await deliver()).stop).toBe(false);
    ingest.stopRequested(RUN);
    expect((await deliver()).stop).toBe(true);
    status = 'cancelled';
    now += 3600_000;
    await expect(deliver()).rejects.toThrow(/takes no more samples/);
  });
});
