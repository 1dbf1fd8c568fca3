import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'fs';
import path from 'path';
import { stringify } from 'yaml';

// what the catalog adds to an entity and a descriptor file never holds
const SERVER_FIELDS = ['uid', 'etag', 'generation'];
const SERVER_ANNOTATIONS = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/**
 * `load-testing:catalog-info:annotate`: writes an entity's descriptor with annotations
 * added, from the entity as the catalog has it (`catalog:fetch`), for a pull request.
 */
export function annotateCatalogInfoAction() {
  return createTemplateAction({
    id: 'load-testing:catalog-info:annotate',
    description:
      "Writes an entity's catalog-info.yaml into the workspace with annotations added (from the entity catalog:fetch gave)",
    supportsDryRun: true,
    schema: {
      input: {
        entity: z =>
          z
            .record(z.unknown())
            .describe('The entity, e.g. ${{ steps.fetch.output.entity }}'),
        annotations: z =>
          z.record(z.string()).describe('Annotations to add or replace'),
        path: z =>
          z
            .string()
            .default('catalog-info.yaml')
            .describe('Where in the workspace to write it'),
      },
      output: {
        path: z => z.string(),
      },
    },
    async handler(ctx) {
      const entity = structuredClone(ctx.input.entity) as {
        metadata?: Record<string, unknown> & {
          annotations?: Record<string, string>;
        };
        relations?: unknown;
        status?: unknown;
      };
      delete entity.relations;
      delete entity.status;
      const metadata = (entity.metadata ??= {});
      for (const f of SERVER_FIELDS) delete metadata[f];
      const annotations = { ...(metadata.annotations ?? {}) };
      for (const a of SERVER_ANNOTATIONS) delete annotations[a];
      metadata.annotations = { ...annotations, ...ctx.input.annotations };
      const target = resolveSafeChildPath(ctx.workspacePath, ctx.input.path);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, stringify(entity));
      ctx.logger.info(
        `Wrote ${ctx.input.path} with ${Object.keys(ctx.input.annotations).join(', ')}`,
      );
      ctx.output('path', ctx.input.path);
    },
  });
}
