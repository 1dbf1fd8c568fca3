import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  COMPARE_MAX_RUNS,
  COMPARE_MIN_RUNS,
  RunComparison,
  loadTestingReadPermission,
} from '@internal/plugin-load-testing-common';
import { Store } from '../../database/Store';
import { AccessControl } from '../access';
import { throwIfInvalid } from '../errors';
import { toRun } from '../RunService';
import { compareRuns } from './compare';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** `a,b,c` → the distinct run ids of a comparison, or a 400 naming `runs`. */
export function parseRunIds(param: unknown): string[] {
  const raw = typeof param === 'string' ? param : '';
  const ids = raw
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const problem = (message: string) =>
    throwIfInvalid([{ field: 'runs', message }]);
  if (!raw) problem('is required: 2 to 4 run ids separated by commas');
  if (ids.some(id => !ID.test(id)))
    problem('must be run ids separated by commas');
  if (new Set(ids).size !== ids.length) problem('must not name a run twice');
  if (ids.length < COMPARE_MIN_RUNS || ids.length > COMPARE_MAX_RUNS)
    problem(
      `must name ${COMPARE_MIN_RUNS} to ${COMPARE_MAX_RUNS} runs, not ${ids.length}`,
    );
  return ids;
}

/**
 * Comparisons of runs. Runs of any scenario and entity may be compared, as long as the
 * caller may read every one of them; the result says whether they share a scenario.
 */
export class CompareService {
  constructor(private readonly deps: { store: Store; access: AccessControl }) {}

  async compare(
    runsParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<RunComparison> {
    const ids = parseRunIds(runsParam);
    const rows = [];
    for (const id of ids) {
      const row = await this.deps.store.getRun(id);
      if (!row) throw new NotFoundError(`No run ${id}`);
      await this.deps.access.require(
        credentials,
        loadTestingReadPermission,
        row.entityRef,
      );
      rows.push(row);
    }
    return compareRuns(rows.map(toRun));
  }
}
