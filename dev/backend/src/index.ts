import { createBackend } from '@backstage/backend-defaults';
import { devPermissionPolicy } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(devPermissionPolicy);
backend.add(import('@internal/plugin-load-testing-backend'));
// serves the built dev/app (dev/app/dist) on the backend's own port
backend.add(import('@backstage/plugin-app-backend'));

backend.start();
