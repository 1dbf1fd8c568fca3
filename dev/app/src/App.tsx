import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { configApiRef, createApiFactory } from '@backstage/core-plugin-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { NotificationsPage } from '@backstage/plugin-notifications';
import { SignalsDisplay } from '@backstage/plugin-signals';
import {
  LoadTestingApprovalsPage,
  loadTestingPlugin,
} from '@internal/plugin-load-testing';
import CssBaseline from '@material-ui/core/CssBaseline';
import { Navigate, Route } from 'react-router-dom';
import { Root } from './components/Root';
import { entityPage } from './components/EntityPage';

const app = createApp({
  // the About card links to the entity's source through the SCM integrations
  apis: [
    createApiFactory({
      api: scmIntegrationsApiRef,
      deps: { configApi: configApiRef },
      factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
    }),
  ],
  plugins: [catalogPlugin, scaffolderPlugin, loadTestingPlugin],
  components: {
    // the dev auth backend offers the guest provider only
    SignInPage: props => <SignInPage {...props} auto providers={['guest']} />,
  },
});

export default app.createRoot(
  <>
    {/* the theme sets no page font or background by itself */}
    <CssBaseline />
    <AlertDisplay />
    {/* pushes new notifications to the sidebar's unread count and the page */}
    <SignalsDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>
        <FlatRoutes>
          <Route path="/" element={<Navigate to="catalog" />} />
          <Route path="/catalog" element={<CatalogIndexPage />} />
          <Route
            path="/catalog/:namespace/:kind/:name"
            element={<CatalogEntityPage />}
          >
            {entityPage}
          </Route>
          {/* software templates that scaffold load tests */}
          <Route path="/create" element={<ScaffolderPage />} />
          {/* what the Load Tests plugin tells owners, approvers and requesters */}
          <Route path="/notifications" element={<NotificationsPage />} />
          {/* the load-test approvals waiting for the signed-in user */}
          <Route
            path="/load-testing/approvals"
            element={<LoadTestingApprovalsPage />}
          />
        </FlatRoutes>
      </Root>
    </AppRouter>
  </>,
);
