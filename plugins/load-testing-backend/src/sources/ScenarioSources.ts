import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ScenarioSourceState,
  loadTestingReadPermission,
  loadTestingScenarioUpdatePermission,
  normalizeEntityRef,
} from '@internal/plugin-load-testing-common';
import { Store } from '../database/Store';
import { AccessControl } from '../services/access';
import { throwIfInvalid } from '../services/errors';
import { RepositorySync } from './RepositorySync';

function entityRefOf(value: unknown): string {
  const ref = normalizeEntityRef(value);
  if (!ref)
    throwIfInvalid([
      {
        field: 'entityRef',
        message: value
          ? 'must be an entity reference like component:default/my-service'
          : 'is required',
      },
    ]);
  return ref!;
}

/** The repository an entity's scenarios are read from: its state, and "Sync now". */
export class ScenarioSources {
  constructor(
    private readonly sync_: RepositorySync,
    private readonly store: Store,
    private readonly access: AccessControl,
  ) {}

  async get(
    entityRefParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<ScenarioSourceState | null> {
    const entityRef = entityRefOf(entityRefParam);
    await this.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef,
    );
    return (await this.store.getSourceState(entityRef)) ?? null;
  }

  /** Reads the entity's scenarios from its repository now. */
  async sync(
    entityRefParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<ScenarioSourceState> {
    const entityRef = entityRefOf(entityRefParam);
    await this.access.require(
      credentials,
      loadTestingScenarioUpdatePermission,
      entityRef,
    );
    return this.sync_.syncEntity(entityRef);
  }
}
