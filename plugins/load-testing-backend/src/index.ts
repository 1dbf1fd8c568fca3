/**
 * Backend of the Load Tests plugin.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { loadTestingModuleKubernetesExecutor } from './executors/kubernetes/module';
import { loadTestingModuleLocalExecutor } from './executors/local/module';
import { loadTestingPlugin } from './plugin';

export { loadTestingPlugin } from './plugin';
export { loadTestingModuleLocalExecutor } from './executors/local/module';
export { loadTestingModuleKubernetesExecutor } from './executors/kubernetes/module';

/**
 * The plugin with its built-in executors, `local` and `kubernetes`, each active when its
 * configuration enables it: what `backend.add(import(...))` of this package adds.
 * @public
 */
export default createBackendFeatureLoader({
  loader() {
    return [
      loadTestingPlugin,
      loadTestingModuleLocalExecutor,
      loadTestingModuleKubernetesExecutor,
    ];
  },
});
