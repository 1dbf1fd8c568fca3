import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { annotateCatalogInfoAction } from './annotateCatalogInfo';

describe('load-testing:catalog-info:annotate', () => {
  const workspace = createMockDirectory();

  it("writes the entity's descriptor with the annotation added and the catalog's own fields left out", async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'shop-api',
            uid: '1',
            etag: 'x',
            annotations: {
              'github.com/project-slug': 'acme/shop',
              'backstage.io/managed-by-location':
                'url:https://x/catalog-info.yaml',
              'backstage.io/managed-by-origin-location':
                'url:https://x/all.yaml',
            },
          },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
          relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
        },
        annotations: { 'load-testing.dev/enabled': 'true' },
        path: 'catalog-info.yaml',
      },
    });
    await annotateCatalogInfoAction().handler(ctx as any);
    const written = parse(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(written).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'shop-api',
        annotations: {
          'github.com/project-slug': 'acme/shop',
          'load-testing.dev/enabled': 'true',
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    });
    expect(ctx.output).toHaveBeenCalledWith('path', 'catalog-info.yaml');
  });

  it('writes only inside the workspace', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { entity: {}, annotations: {}, path: '../outside.yaml' },
    });
    await expect(
      annotateCatalogInfoAction().handler(ctx as any),
    ).rejects.toThrow(/outside/i);
  });
});
