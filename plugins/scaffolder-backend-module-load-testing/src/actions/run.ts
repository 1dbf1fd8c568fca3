import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isTerminalStatus,
  normalizeEntityRef,
} from '@internal/plugin-load-testing-common';
import { LoadTestingClient, tabUrl } from '../client';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** `load-testing:run`: starts a run of a scenario and, by default, waits for its verdict. */
export function runAction(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  appBaseUrl: string;
  pollMs?: number;
}) {
  return createTemplateAction({
    id: 'load-testing:run',
    description:
      'Starts a run of a Load Tests scenario and waits for its verdict (pass, fail or inconclusive)',
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The catalog entity of the scenario'),
        scenario: z => z.string().describe('Scenario name or id'),
        parameters: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('Run parameters that override the scenario’s'),
        wait: z =>
          z
            .boolean()
            .default(true)
            .describe('Wait for the run to end (default true)'),
        timeoutMinutes: z =>
          z
            .number()
            .min(1)
            .max(24 * 60)
            .default(60)
            .describe('How long to wait at most'),
        requirePass: z =>
          z
            .boolean()
            .default(false)
            .describe('Fail this step unless the verdict is pass'),
      },
      output: {
        runId: z => z.string(),
        runUrl: z => z.string().describe("The run's page"),
        status: z => z.string().describe('The run status when the step ended'),
        verdict: z =>
          z
            .string()
            .optional()
            .describe('pass, fail or inconclusive, once the run completed'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const entityRef = normalizeEntityRef(input.entityRef);
      if (!entityRef)
        throw new InputError(
          `entityRef "${input.entityRef}" is not an entity reference`,
        );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would start a run of "${input.scenario}" on ${entityRef}`,
        );
        ctx.output('runId', 'dry-run');
        ctx.output('runUrl', tabUrl(deps.appBaseUrl, entityRef, ''));
        ctx.output('status', 'pending');
        return;
      }
      const client = new LoadTestingClient({
        ...deps,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const scenarios = await client.scenarios(entityRef);
      const scenario =
        scenarios.find(s => s.id === input.scenario) ??
        scenarios.find(
          s => s.name.toLowerCase() === input.scenario.toLowerCase(),
        );
      if (!scenario)
        throw new InputError(
          `${entityRef} has no scenario "${input.scenario}"; it has: ${scenarios.map(s => s.name).join(', ') || 'none'}`,
        );
      let run = await client.startRun(scenario.id, input.parameters);
      const runUrl = tabUrl(deps.appBaseUrl, entityRef, `/runs/${run.id}`);
      ctx.output('runId', run.id);
      ctx.output('runUrl', runUrl);
      ctx.logger.info(`Run ${run.id} of "${scenario.name}" started: ${runUrl}`);
      const until = Date.now() + input.timeoutMinutes * 60_000;
      while (
        input.wait &&
        !isTerminalStatus(run.status) &&
        Date.now() < until &&
        !ctx.signal?.aborted
      ) {
        await sleep(deps.pollMs ?? 2000, ctx.signal);
        run = await client.run(run.id);
      }
      ctx.output('status', run.status);
      if (run.verdict) ctx.output('verdict', run.verdict);
      const said = run.verdictReason ? `: ${run.verdictReason}` : '';
      ctx.logger.info(
        `Run ${run.id} is ${run.status}${run.verdict ? `, verdict ${run.verdict}${said}` : ''}`,
      );
      if (input.requirePass && run.verdict !== 'pass')
        throw new Error(
          `The run did not pass (${run.verdict ?? run.status}${said || (run.statusReason ? `: ${run.statusReason}` : '')}): ${runUrl}`,
        );
    },
  });
}
