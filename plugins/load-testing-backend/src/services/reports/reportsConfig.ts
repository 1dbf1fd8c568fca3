import { Config } from '@backstage/config';
import { JiraSettings } from './issueLinks';

/** `loadTesting.reports` and the portal's address, for links in reports. */
export function readReportsConfig(root: Config): {
  appBaseUrl: string;
  jira?: JiraSettings;
} {
  const c = root.getOptionalConfig('loadTesting.reports');
  const appBaseUrl =
    root.getOptionalString('app.baseUrl') ??
    root.getOptionalString('backend.baseUrl') ??
    '';
  const baseUrl = c?.getOptionalString('jiraBaseUrl');
  if (!baseUrl) return { appBaseUrl };
  const parsed = new URL(baseUrl);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(
      `loadTesting.reports.jiraBaseUrl must be an http or https URL, not ${baseUrl}`,
    );
  const ids = c?.getOptionalConfig('jiraProjectIds');
  const projectIds: Record<string, number> = {};
  for (const key of ids?.keys() ?? []) projectIds[key] = ids!.getNumber(key);
  return {
    appBaseUrl,
    jira: {
      baseUrl,
      projectIds,
      issueTypeId: c?.getOptionalNumber('jiraIssueTypeId'),
    },
  };
}
