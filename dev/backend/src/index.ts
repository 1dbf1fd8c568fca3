import { createBackend } from '@backstage/backend-defaults';
import { devPermissionPolicy } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(devPermissionPolicy);
backend.add(import('@internal/plugin-load-testing-backend'));

backend.start();
