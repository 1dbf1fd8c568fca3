import { createBackend } from '@backstage/backend-defaults';
import { devPermissionPolicy } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(devPermissionPolicy);
backend.add(import('@internal/plugin-load-testing-backend'));
// what the Load Tests plugin tells owners, approvers and requesters, pushed live to the app
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// software templates that scaffold load tests (templates/), with the Load Tests actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@internal/plugin-scaffolder-backend-module-load-testing'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
// serves the built dev/app (dev/app/dist) on the backend's own port
backend.add(import('@backstage/plugin-app-backend'));

backend.start();
