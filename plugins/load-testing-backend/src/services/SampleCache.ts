import { SampleRow, Store } from '../database/Store';

interface Entry {
  samples: SampleRow[];
  lastSeq: number;
  usedAt: number;
}

/**
 * Parsed samples of recently viewed runs, so a live page polling every 2 s only reads
 * the samples that arrived since its last poll. The monitor delivers in seq order.
 */
export class SampleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly maxRuns = 50,
  ) {}

  async get(runId: string): Promise<SampleRow[]> {
    let entry = this.entries.get(runId);
    if (!entry) {
      entry = { samples: [], lastSeq: 0, usedAt: 0 };
      this.entries.set(runId, entry);
      this.evict();
    }
    entry.usedAt = Date.now();
    const fresh = await this.store.listSamples(runId, entry.lastSeq);
    if (fresh.length) {
      // a late, lower seq would land out of order: fall back to a full read
      if (fresh[0].seq !== entry.lastSeq + 1 && entry.lastSeq > 0) {
        entry.samples = await this.store.listSamples(runId);
      } else {
        entry.samples = entry.samples.concat(fresh);
      }
      entry.lastSeq = entry.samples[entry.samples.length - 1].seq;
    }
    return entry.samples;
  }

  private evict() {
    if (this.entries.size <= this.maxRuns) return;
    const oldest = [...this.entries.entries()].sort(
      (a, b) => a[1].usedAt - b[1].usedAt,
    )[0];
    this.entries.delete(oldest[0]);
  }
}
