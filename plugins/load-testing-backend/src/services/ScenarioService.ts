import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  RunParameters,
  Scenario,
  loadTestingReadPermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingScenarioUpdatePermission,
  validateScenarioInput,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { ScenarioRow, Store } from '../database/Store';
import { AccessControl } from './access';
import { throwIfInvalid } from './errors';
import { toRunSummary } from './RunService';

/** Scenarios of a test set: a Locust script plus default parameters and thresholds. */
export class ScenarioService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessControl,
  ) {}

  private async withLastRuns(rows: ScenarioRow[]): Promise<Scenario[]> {
    const latest = await this.store.latestRuns(rows.map(r => r.id));
    return rows.map(r => {
      const run = latest.get(r.id);
      return { ...r, lastRun: run ? toRunSummary(run) : undefined };
    });
  }

  async list(
    entityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<Scenario[]> {
    if (!entityRef)
      throwIfInvalid([{ field: 'entityRef', message: 'is required' }]);
    await this.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef!,
    );
    return this.withLastRuns(await this.store.listScenarios(entityRef!));
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Scenario> {
    const row = await this.store.getScenario(id);
    if (!row) throw new NotFoundError(`No scenario ${id}`);
    await this.access.require(
      credentials,
      loadTestingReadPermission,
      row.entityRef,
    );
    return (await this.withLastRuns([row]))[0];
  }

  private async assertNameFree(
    entityRef: string,
    name: string,
    exceptId?: string,
  ) {
    const clash = (await this.store.listScenarios(entityRef)).find(
      s => s.name.toLowerCase() === name.toLowerCase() && s.id !== exceptId,
    );
    if (clash)
      throw new ConflictError(
        `${entityRef} already has a scenario named "${name}"`,
      );
  }

  async create(
    body: unknown,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Scenario> {
    const { value, errors } = validateScenarioInput(body);
    throwIfInvalid(errors);
    await this.access.require(
      credentials,
      loadTestingScenarioCreatePermission,
      value.entityRef,
    );
    await this.assertNameFree(value.entityRef, value.name);
    const now = new Date().toISOString();
    const row: ScenarioRow = {
      id: crypto.randomUUID(),
      entityRef: value.entityRef,
      name: value.name,
      description: value.description,
      script: value.script,
      parameters: value.parameters as RunParameters,
      thresholds: value.thresholds ?? {},
      createdBy: userRef,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.createScenario(row);
    return { ...row, lastRun: undefined };
  }

  async update(
    id: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Scenario> {
    const existing = await this.store.getScenario(id);
    if (!existing) throw new NotFoundError(`No scenario ${id}`);
    await this.access.require(
      credentials,
      loadTestingScenarioUpdatePermission,
      existing.entityRef,
    );
    // the entity a scenario belongs to is fixed; the body may omit it
    const { value, errors } = validateScenarioInput({
      ...(body as object),
      entityRef: existing.entityRef,
    });
    throwIfInvalid(errors);
    await this.assertNameFree(existing.entityRef, value.name, id);
    await this.store.updateScenario(id, {
      name: value.name,
      description: value.description ?? '',
      script: value.script,
      parameters: value.parameters as RunParameters,
      thresholds: value.thresholds ?? {},
      updatedAt: new Date().toISOString(),
    });
    return this.get(id, credentials);
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    const existing = await this.store.getScenario(id);
    if (!existing) throw new NotFoundError(`No scenario ${id}`);
    await this.access.require(
      credentials,
      loadTestingScenarioDeletePermission,
      existing.entityRef,
    );
    await this.store.deleteScenario(id);
  }
}
