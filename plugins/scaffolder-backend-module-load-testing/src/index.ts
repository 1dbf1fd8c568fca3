/**
 * Scaffolder actions of the Load Tests plugin.
 *
 * @packageDocumentation
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { annotateCatalogInfoAction } from './actions/annotateCatalogInfo';
import { createScenarioAction } from './actions/createScenario';
import { runAction } from './actions/run';

export { annotateCatalogInfoAction, createScenarioAction, runAction };

/**
 * Adds `load-testing:scenario:create`, `load-testing:run` and
 * `load-testing:catalog-info:annotate` to the scaffolder.
 * @public
 */
export default createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'load-testing',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        const appBaseUrl = config.getString('app.baseUrl');
        scaffolder.addActions(
          createScenarioAction({ discovery, auth, appBaseUrl }),
          runAction({ discovery, auth, appBaseUrl }),
          annotateCatalogInfoAction(),
        );
      },
    });
  },
});
