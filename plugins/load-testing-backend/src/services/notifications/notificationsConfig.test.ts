import { ConfigReader } from '@backstage/config';
import { readNotificationsConfig } from './notificationsConfig';

describe('readNotificationsConfig', () => {
  it('sends by default, to the owners, not to requesters', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      approvers: [],
      allowSelfApproval: false,
    });
  });

  it('reads the switch and normalizes the approvers as the catalog compares refs', () => {
    const config = readNotificationsConfig(
      new ConfigReader({
        loadTesting: {
          notifications: { enabled: false },
          approvals: {
            notify: ['Group:Default/Platform', 'jane'],
            allowSelfApproval: true,
          },
        },
      }),
    );
    expect(config).toEqual({
      enabled: false,
      approvers: ['group:default/platform', 'user:default/jane'],
      allowSelfApproval: true,
    });
  });

  it('names an approver that is not an entity ref', () => {
    expect(() =>
      readNotificationsConfig(
        new ConfigReader({
          loadTesting: {
            approvals: { notify: ['group:default/ok', 'user:default/'] },
          },
        }),
      ),
    ).toThrow(/loadTesting\.approvals\.notify\[1\] is not an entity ref/);
  });
});
