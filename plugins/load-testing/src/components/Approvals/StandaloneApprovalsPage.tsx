import { Content, Header, Page } from '@backstage/core-components';
import { ApprovalsPage } from './ApprovalsPage';

/** The approvals waiting for the signed-in user, as a page of its own. */
export function StandaloneApprovalsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Load test approvals"
        subtitle="Runs and plans above the approval rules, waiting for you"
      />
      <Content>
        <ApprovalsPage />
      </Content>
    </Page>
  );
}
