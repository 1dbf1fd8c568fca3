import {
  coreServices,
  createBackendPlugin,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Notification } from '@backstage/plugin-notifications-common';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Approval, PlanRun } from '@internal/plugin-load-testing-common';
import request from 'supertest';
import { LoadTestingEvents } from '../events';
import { NotificationSender } from './NotificationSender';
import { NotificationsConfig } from './notificationsConfig';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// the resolver of the notifications backend follows relations, as the catalog stores them
const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop-api', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/jane' },
      { type: 'hasMember', targetRef: 'user:default/guest' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/bob' }],
  },
  ...['jane', 'guest', 'bob'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: name === 'bob' ? { profile: { displayName: 'Bob Builder' } } : {},
  })),
];

const failedPlanRun: PlanRun = {
  id: 'pr-failed',
  planId: 'p-1',
  planName: 'nightly',
  planVersion: 1,
  entityRef: 'component:default/shop-api',
  trigger: 'schedule',
  triggeredBy: 'plugin:load-testing',
  status: 'failed',
  verdict: 'fail',
  verdictReason: '1 of 1 step(s) failed; checkout: 12 % of requests failed',
  createdAt: '2026-12-01T02:00:00.000Z',
  steps: [],
};

const pendingApproval: Approval = {
  id: 'a-1',
  state: 'pending',
  subject: { kind: 'run', runId: 'r-1' },
  entityRef: 'component:default/shop-api',
  title: 'Checkout flow',
  requestedBy: 'user:default/guest',
  requestedAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-02T10:00:00.000Z',
  reasons: ['200 users is above 100 (loadTesting.approvals.rules)'],
  estimate: { users: 200, workers: 2, durationSeconds: 600, coreHours: 0.5 },
};

/**
 * A plugin of this test holding a sender wired to the backend's notificationService,
 * as the Load Tests plugin wires it; `events` is where the test emits.
 */
function senderPlugin(
  pluginId: string,
  config: NotificationsConfig,
  out: { events?: LoadTestingEvents },
  logger?: LoggerService,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          notifications: notificationService,
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          logger: coreServices.logger,
        },
        async init(deps) {
          out.events = new LoadTestingEvents(deps.logger);
          new NotificationSender({
            ...deps,
            logger: logger ?? deps.logger,
            config,
          }).listen(out.events);
        },
      });
    },
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean) {
  const until = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('NotificationSender with the notifications backend', () => {
  it.each(databases.eachSupportedId())(
    'delivers to owners, approvers and requesters, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const owners: { events?: LoadTestingEvents } = {};
      const platform: { events?: LoadTestingEvents } = {};
      const { server } = await startTestBackend({
        features: [
          notificationsPlugin,
          senderPlugin(
            'sender-owners',
            { enabled: true, approvers: [], allowSelfApproval: false },
            owners,
          ),
          senderPlugin(
            'sender-platform',
            {
              enabled: true,
              approvers: ['group:default/platform'],
              allowSelfApproval: false,
            },
            platform,
          ),
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: ENTITIES }),
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: 'http://localhost:3000' } },
          }),
        ],
      });
      const inbox = async (user: string): Promise<Notification[]> => {
        const res = await request(server)
          .get('/api/notifications/notifications')
          .query({ topic: 'load-testing' })
          .set('Authorization', mockCredentials.user.header(user));
        expect(res.status).toBe(200);
        return res.body.notifications;
      };
      const until = (user: string, n: number) =>
        waitFor(
          () => inbox(user),
          list => list.length >= n,
        );

      // a plan run that passed says nothing; one that failed reaches the owner group's members
      owners.events!.emit('planRunFinished', {
        ...failedPlanRun,
        id: 'pr-passed',
        status: 'succeeded',
        verdict: 'pass',
      });
      owners.events!.emit('planRunFinished', failedPlanRun);
      for (const user of ['user:default/jane', 'user:default/guest']) {
        const list = await until(user, 1);
        expect(list).toHaveLength(1);
        expect(list[0].user).toBe(user);
        expect(list[0].payload).toMatchObject({
          title: 'Load test plan nightly failed on shop-api',
          description:
            '1 of 1 step(s) failed; checkout: 12 % of requests failed. Fired by its schedule.',
          link: '/catalog/default/component/shop-api/load-tests/plan-runs/pr-failed',
          severity: 'high',
          topic: 'load-testing',
          scope: 'pr-failed',
        });
      }
      expect(await inbox('user:default/bob')).toEqual([]);

      // an approval waits: the owners but the requester by default
      owners.events!.emit('approvalRequested', pendingApproval);
      const jane = await until('user:default/jane', 2);
      expect(jane.map(n => n.payload.title)).toContain(
        'A load test run of Checkout flow on shop-api waits for approval',
      );
      const waiting = jane.find(n => n.payload.scope === 'approval:a-1')!;
      expect(waiting.payload.link).toBe(
        '/catalog/default/component/shop-api/load-tests/approvals',
      );
      // …or the configured approvers only
      platform.events!.emit('approvalRequested', {
        ...pendingApproval,
        id: 'a-2',
      });
      const bob = await until('user:default/bob', 1);
      expect(bob.map(n => n.payload.scope)).toEqual(['approval:a-2']);

      // the decision reaches the requester, the decider named as the catalog names them
      owners.events!.emit('approvalDecided', {
        ...pendingApproval,
        state: 'approved',
        decidedBy: 'user:default/bob',
        decidedAt: '2026-12-01T10:05:00.000Z',
        comment: 'go ahead',
      });
      const guest = await until('user:default/guest', 2);
      const decided = guest.find(n => n.payload.scope === 'approval:a-1')!;
      expect(decided.payload).toMatchObject({
        title:
          'Your run of Checkout flow was approved by Bob Builder: go ahead',
        link: '/catalog/default/component/shop-api/load-tests/runs/r-1',
        severity: 'normal',
      });
      // the requester was never told their own run waits
      expect(guest.map(n => n.payload.title)).not.toContain(
        'A load test run of Checkout flow on shop-api waits for approval',
      );
      expect(await inbox('user:default/jane')).toHaveLength(2);
    },
  );

  it('logs a send that fails without the notifications backend, and goes on', async () => {
    const warnings: string[] = [];
    const logger = mockServices.logger.mock({
      warn: (message: string) => {
        warnings.push(message);
      },
    });
    const out: { events?: LoadTestingEvents } = {};
    await startTestBackend({
      features: [
        senderPlugin(
          'sender',
          { enabled: true, approvers: [], allowSelfApproval: false },
          out,
          logger,
        ),
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    out.events!.emit('planRunFinished', failedPlanRun);
    await waitFor(
      async () => warnings,
      w => w.length > 0,
    );
    expect(warnings).toEqual([
      expect.stringContaining(
        'Could not send the notification of plan run pr-failed ("Load test plan nightly failed on shop-api"): Error: Failed to send notifications',
      ),
    ]);
  });
});

describe('NotificationSender', () => {
  const logger = mockServices.logger.mock();
  const sent: unknown[] = [];
  const notifications: NotificationService = {
    send: async o => {
      sent.push(o);
    },
  };
  const sender = (config: Partial<NotificationsConfig> = {}) =>
    new NotificationSender({
      notifications,
      catalog: catalogServiceMock({ entities: ENTITIES }),
      auth: mockServices.auth(),
      logger,
      config: {
        enabled: true,
        approvers: [],
        allowSelfApproval: false,
        ...config,
      },
    });
  beforeEach(() => sent.splice(0));

  it('does not listen when notifications are off', async () => {
    const events = new LoadTestingEvents(logger);
    sender({ enabled: false }).listen(events);
    events.emit('planRunFinished', failedPlanRun);
    await new Promise(r => setTimeout(r, 10));
    expect(sent).toEqual([]);
  });

  it('tells a requester who may approve that their own run waits', async () => {
    await sender({ allowSelfApproval: true }).approvalRequested(
      pendingApproval,
    );
    expect(sent).toEqual([
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'component:default/shop-api' },
      }),
    ]);
  });

  it('tells no service that asked through a token of a decision', async () => {
    await sender().approvalDecided({
      ...pendingApproval,
      state: 'denied',
      requestedBy: 'plugin:ci',
    });
    expect(sent).toEqual([]);
  });
});
