import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { normalizeEntityRef } from '@internal/plugin-load-testing-common';
import fs from 'fs';
import { LoadTestingClient, tabUrl } from '../client';

/** `load-testing:scenario:create`: a scenario of an entity, created (or replaced) in the portal. */
export function createScenarioAction(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  appBaseUrl: string;
}) {
  return createTemplateAction({
    id: 'load-testing:scenario:create',
    description:
      'Creates a Load Tests scenario of a catalog entity: a Locust script with its run parameters and thresholds, checked as a run would be',
    supportsDryRun: true,
    examples: [
      {
        description: 'A scenario from a script the template rendered',
        example: [
          'steps:',
          '  - id: scenario',
          '    action: load-testing:scenario:create',
          '    input:',
          '      entityRef: ${{ parameters.component }}',
          '      name: browse',
          '      scriptFile: loadtests/browse.py',
          '      parameters: { users: 20, duration: 60, host: http://shop.internal }',
          '      thresholds: { percentiles: { p95: 300 }, maxFailureRatio: 0.01 }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The catalog entity the scenario belongs to'),
        name: z =>
          z.string().describe('Scenario name, unique within the entity'),
        description: z =>
          z.string().optional().describe('What the scenario exercises'),
        script: z => z.string().optional().describe('The Locust file (Python)'),
        scriptFile: z =>
          z
            .string()
            .optional()
            .describe(
              'Or: the Locust file in the workspace, e.g. loadtests/browse.py',
            ),
        parameters: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Default run parameters: users, spawnRate, duration, workers, host…',
            ),
        thresholds: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Thresholds: percentiles ({p95: 300}), maxFailureRatio, minRps…',
            ),
        replace: z =>
          z
            .boolean()
            .optional()
            .describe('Replace a scenario of the same name instead of failing'),
      },
      output: {
        scenarioId: z => z.string().describe('The scenario'),
        scenarioUrl: z => z.string().describe('Its page in the Load Tests tab'),
        entityUrl: z => z.string().describe("The entity's Load Tests tab"),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const entityRef = normalizeEntityRef(input.entityRef);
      if (!entityRef)
        throw new InputError(
          `entityRef "${input.entityRef}" is not an entity reference`,
        );
      if (!input.script === !input.scriptFile)
        throw new InputError('give either script or scriptFile');
      const script =
        input.script ??
        (await fs.promises.readFile(
          resolveSafeChildPath(ctx.workspacePath, input.scriptFile!),
          'utf8',
        ));
      const body = {
        entityRef,
        name: input.name,
        description: input.description,
        script,
        parameters: input.parameters,
        thresholds: input.thresholds,
      };
      ctx.output('entityUrl', tabUrl(deps.appBaseUrl, entityRef, ''));
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create scenario "${input.name}" of ${entityRef} (${script.length} characters of script)`,
        );
        ctx.output('scenarioId', 'dry-run');
        ctx.output('scenarioUrl', tabUrl(deps.appBaseUrl, entityRef, ''));
        return;
      }
      const client = new LoadTestingClient({
        ...deps,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const existing = (await client.scenarios(entityRef)).find(
        s => s.name.toLowerCase() === input.name.trim().toLowerCase(),
      );
      if (existing && !input.replace)
        throw new InputError(
          `${entityRef} already has a scenario named "${existing.name}" (set replace: true to replace it)`,
        );
      const scenario = existing
        ? await client.updateScenario(existing.id, body)
        : await client.createScenario(body);
      ctx.logger.info(
        `Scenario "${scenario.name}" of ${entityRef} ${existing ? 'replaced' : 'created'}: ${scenario.id}`,
      );
      ctx.output('scenarioId', scenario.id);
      ctx.output(
        'scenarioUrl',
        tabUrl(deps.appBaseUrl, entityRef, `/scenarios/${scenario.id}`),
      );
    },
  });
}
