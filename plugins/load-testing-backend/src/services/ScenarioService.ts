import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Scenario,
  ScenarioInput,
  ScenarioSummary,
  loadTestingReadPermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingScenarioUpdatePermission,
  normalizeEntityRef,
  validateScenarioInput,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { ScenarioRow, Store } from '../database/Store';
import { AccessControl } from './access';
import { Admission } from './admission';
import { throwIfInvalid } from './errors';
import { toRunSummary } from './RunService';

/** A scenario kept in a repository changes there, not in the portal. */
function refuseIfFromRepository(row: ScenarioRow) {
  if (row.source)
    throw new ConflictError(
      `Scenario "${row.name}" is kept in the entity's repository: change it there (${row.source.url}), or in its descriptor ${row.source.descriptorUrl}`,
    );
}

/** Scenarios of a test set: a Locust script plus default parameters and thresholds. */
export class ScenarioService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessControl,
    private readonly admission: Admission,
  ) {}

  private async withLastRuns(rows: ScenarioRow[]): Promise<Scenario[]> {
    const latest = await this.store.latestRuns(rows.map(r => r.id));
    return rows.map(r => {
      const run = latest.get(r.id);
      return { ...r, lastRun: run ? toRunSummary(run) : undefined };
    });
  }

  /** The scenarios of an entity with their last run; scripts are read one at a time. */
  async list(
    entityRefParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<ScenarioSummary[]> {
    const entityRef = normalizeEntityRef(entityRefParam);
    if (!entityRef) {
      throwIfInvalid([
        {
          field: 'entityRef',
          message: entityRefParam
            ? 'must be an entity reference like component:default/my-service'
            : 'is required',
        },
      ]);
    }
    await this.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef!,
    );
    // an entity the catalog does not have has no test set, rather than an empty one
    await this.admission.requireEntity(entityRef!, credentials);
    const rows = await this.withLastRuns(
      await this.store.listScenarios(entityRef!),
    );
    return rows.map(({ script: _script, ...summary }) => summary);
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

  /** Everything a scenario must be to be saved: valid, and runnable by its owner. */
  private async admit(value: ScenarioInput, credentials: BackstageCredentials) {
    await this.admission.requireEntity(value.entityRef, credentials);
    const script = await this.admission.checkScript(value.script);
    throwIfInvalid(script.errors);
    const parameters = this.admission.checkParameters(
      undefined,
      value.parameters,
      script.shapeClass,
      value.entityRef,
    );
    return { parameters, shapeClass: script.shapeClass };
  }

  async create(
    body: unknown,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Scenario> {
    const { value, errors } = validateScenarioInput(
      body,
      this.admission.defaults(),
    );
    throwIfInvalid(errors);
    await this.access.require(
      credentials,
      loadTestingScenarioCreatePermission,
      value.entityRef,
    );
    const { parameters, shapeClass } = await this.admit(value, credentials);
    await this.assertNameFree(value.entityRef, value.name);
    const now = new Date().toISOString();
    const row: ScenarioRow = {
      id: crypto.randomUUID(),
      entityRef: value.entityRef,
      name: value.name,
      description: value.description,
      script: value.script,
      parameters,
      thresholds: value.thresholds ?? {},
      shapeClass,
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
    refuseIfFromRepository(existing);
    // the entity a scenario belongs to is fixed; the body may omit it
    const { value, errors } = validateScenarioInput(
      {
        ...(body as object),
        entityRef: existing.entityRef,
      },
      this.admission.defaults(),
    );
    throwIfInvalid(errors);
    const { parameters, shapeClass } = await this.admit(value, credentials);
    await this.assertNameFree(existing.entityRef, value.name, id);
    await this.store.updateScenario(id, {
      name: value.name,
      description: value.description ?? '',
      script: value.script,
      parameters,
      thresholds: value.thresholds ?? {},
      shapeClass,
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
    refuseIfFromRepository(existing);
    await this.store.deleteScenario(id);
  }
}
