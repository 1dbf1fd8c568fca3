import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotModifiedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LOAD_TESTING_SCENARIOS_ANNOTATION,
  RunParameters,
  ScenarioSourceState,
  normalizeEntityRef,
  validateScenarioInput,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { ScenarioRow, Store } from '../database/Store';
import { Admission } from '../services/admission';
import { parseDescriptor } from './descriptor';

const MAX_DESCRIPTOR_BYTES = 1024 * 1024;
const MAX_SCRIPT_BYTES = 512 * 1024;

/** `sha256:<12 hex>` of a script: the version of one that came with none. */
export function contentVersion(text: string): string {
  return `sha256:${crypto.createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/**
 * The descriptor an entity's annotation points at: `url:<absolute>`, or a path relative
 * to the entity's own descriptor; a folder means its `load-testing.yaml`.
 */
export function descriptorUrlOf(entity: Entity): string | undefined {
  const value =
    entity.metadata.annotations?.[LOAD_TESTING_SCENARIOS_ANNOTATION]?.trim();
  if (!value) return undefined;
  let url: string;
  if (value.startsWith('url:')) url = value.slice(4);
  else {
    const location =
      entity.metadata.annotations?.['backstage.io/managed-by-location'] ?? '';
    const base = location.replace(/^(url|file):/, m =>
      m === 'file:' ? 'file://' : '',
    );
    try {
      url = new URL(value, base).toString();
    } catch {
      throw new InputError(
        `${LOAD_TESTING_SCENARIOS_ANNOTATION}: "${value}" is relative, and the entity's location (${location || 'none'}) is not a URL to resolve it against`,
      );
    }
  }
  return url.endsWith('/') ? `${url}load-testing.yaml` : url;
}

async function readText(
  reader: UrlReaderService,
  url: string,
  limit: number,
  etag?: string,
): Promise<{ text: string; etag?: string } | 'unchanged'> {
  try {
    const res = await reader.readUrl(url, etag ? { etag } : undefined);
    const buffer = await res.buffer();
    if (buffer.length > limit)
      throw new InputError(
        `${url} is larger than ${Math.round(limit / 1024)} KiB`,
      );
    return { text: buffer.toString('utf8'), etag: res.etag };
  } catch (e) {
    if (
      e instanceof NotModifiedError ||
      (e as Error).name === 'NotModifiedError'
    )
      return 'unchanged';
    throw e;
  }
}

/** Whether a scenario read again is the one stored (nothing to write). */
function sameScenario(current: ScenarioRow | undefined, next: ScenarioRow) {
  if (!current) return false;
  const key = (r: ScenarioRow) =>
    JSON.stringify([
      r.name,
      r.description ?? '',
      r.script,
      r.parameters,
      r.thresholds,
      r.shapeClass ?? '',
      r.source,
    ]);
  return key(current) === key(next);
}

/**
 * Keeps the scenarios of entities annotated with `load-testing.dev/scenarios` in step
 * with their repository. A descriptor or script that does not parse, or a scenario the
 * platform would refuse, leaves the last good scenarios as they are and records why.
 */
export class RepositorySync {
  constructor(
    private readonly deps: {
      store: Store;
      urlReader: UrlReaderService;
      catalog: CatalogService;
      auth: AuthService;
      admission: Admission;
      logger: LoggerService;
    },
  ) {}

  private async credentials() {
    return this.deps.auth.getOwnServiceCredentials();
  }

  /** Reads every annotated entity's scenarios again. */
  async syncAll(): Promise<void> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${LOAD_TESTING_SCENARIOS_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata'],
      },
      { credentials: await this.credentials() },
    );
    for (const entity of items) {
      const ref = normalizeEntityRef(
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`,
      );
      if (ref) await this.syncEntity(ref, entity);
    }
  }

  /** Reads one entity's scenarios from its repository now; returns how that went. */
  async syncEntity(
    entityRef: string,
    known?: Entity,
  ): Promise<ScenarioSourceState> {
    const { store, logger } = this.deps;
    const entity =
      known ??
      (await this.deps.catalog.getEntityByRef(entityRef, {
        credentials: await this.credentials(),
      }));
    const previous = await store.getSourceState(entityRef);
    let url = previous?.url ?? '';
    try {
      if (!entity) throw new InputError(`${entityRef} is not in the catalog`);
      const found = descriptorUrlOf(entity);
      if (!found)
        throw new InputError(
          `${entityRef} has no ${LOAD_TESTING_SCENARIOS_ANNOTATION} annotation`,
        );
      url = found;
      const changed = await this.read(entityRef, url);
      const state = { entityRef, url, syncedAt: new Date().toISOString() };
      await store.putSourceState(state);
      if (changed)
        logger.info(`Scenarios of ${entityRef} read from ${url}: ${changed}`);
      return state;
    } catch (e) {
      const error = (e as Error).message.slice(0, 2000);
      const state = {
        entityRef,
        url,
        syncedAt: previous?.syncedAt,
        error,
        errorAt: new Date().toISOString(),
      };
      await store.putSourceState(state);
      logger.warn(
        `Scenarios of ${entityRef} could not be read from ${url || 'its repository'}: ${error}`,
      );
      return state;
    }
  }

  /** Reads the descriptor and its scripts, checks them all, then applies them at once. */
  private async read(entityRef: string, url: string): Promise<string> {
    const { store, urlReader, admission } = this.deps;
    const descriptor = await readText(urlReader, url, MAX_DESCRIPTOR_BYTES);
    if (descriptor === 'unchanged') return '';
    let listed;
    try {
      listed = parseDescriptor(descriptor.text);
    } catch (e) {
      throw new InputError(`${url} ${(e as Error).message}`);
    }
    const existing = await store.listScenarios(entityRef);
    const problems: string[] = [];
    const next: ScenarioRow[] = [];
    const now = new Date().toISOString();
    for (const [i, s] of listed.entries()) {
      const at = `scenarios[${i}] (${s.name})`;
      const scriptUrl = new URL(s.script, url).toString();
      const current = existing.find(
        e => e.name.toLowerCase() === s.name.toLowerCase(),
      );
      if (current && !current.source) {
        problems.push(
          `${at}: a scenario of that name was made in the portal; rename one of them`,
        );
        continue;
      }
      const sameScript = current?.source?.url === scriptUrl;
      const read = await readText(
        urlReader,
        scriptUrl,
        MAX_SCRIPT_BYTES,
        sameScript ? current?.source?.version : undefined,
      ).catch(e => {
        problems.push(
          `${at}: ${scriptUrl} could not be read: ${(e as Error).message}`,
        );
        return undefined;
      });
      if (!read) continue;
      const script = read === 'unchanged' ? current!.script : read.text;
      const version =
        read === 'unchanged'
          ? current!.source!.version
          : (read.etag ?? contentVersion(script));
      const input = validateScenarioInput(
        {
          entityRef,
          name: s.name,
          description: s.description,
          script,
          parameters: s.parameters,
          thresholds: s.thresholds,
        },
        admission.defaults(),
      );
      const checked = await admission.checkScript(script);
      const fieldErrors = [...input.errors, ...checked.errors];
      let parameters: RunParameters | undefined;
      if (!fieldErrors.length) {
        try {
          parameters = admission.checkParameters(
            undefined,
            input.value.parameters,
            checked.shapeClass,
            entityRef,
          );
        } catch (e) {
          const fields = (
            e as { fields?: Array<{ field: string; message: string }> }
          ).fields;
          fieldErrors.push(
            ...(fields ?? [
              { field: 'parameters', message: (e as Error).message },
            ]),
          );
        }
      }
      if (fieldErrors.length) {
        problems.push(
          `${at}: ${fieldErrors.map(f => `${f.field} ${f.message}`).join('; ')}`,
        );
        continue;
      }
      const row: ScenarioRow = {
        id: current?.id ?? crypto.randomUUID(),
        entityRef,
        name: input.value.name,
        description: input.value.description,
        script,
        parameters: parameters!,
        thresholds: input.value.thresholds ?? {},
        shapeClass: checked.shapeClass,
        source: { url: scriptUrl, descriptorUrl: url, version },
        createdBy: current?.createdBy ?? `repository:${url}`,
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      };
      next.push(sameScenario(current, row) ? current! : row);
    }
    if (problems.length) throw new InputError(problems.join('\n'));
    const removed = existing.filter(
      e => e.source && !next.some(n => n.id === e.id),
    );
    const changed = next.filter(n => !existing.includes(n));
    if (!changed.length && !removed.length) return '';
    await store.replaceSourceScenarios(
      changed,
      removed.map(r => r.id),
    );
    return `${changed.length} scenario(s) new or changed${removed.length ? `, ${removed.length} removed` : ''}`;
  }
}
