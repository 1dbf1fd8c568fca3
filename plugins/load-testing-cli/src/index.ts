import { Command, InvalidArgumentError } from 'commander';
import { ApiError } from './api';
import { EXIT, runCommand } from './run';
import { planCommand } from './plan';

function parameter(text: string, all: Record<string, number | string>) {
  const m = /^([A-Za-z]+)=(.+)$/.exec(text);
  if (!m) throw new InvalidArgumentError('use name=value, e.g. users=50');
  const n = Number(m[2]);
  return {
    ...all,
    [m[1]]: Number.isFinite(n) && m[2].trim() !== '' ? n : m[2],
  };
}

/**
 * The `load-testing` command line.
 * @public
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('load-testing')
    .description(
      'Load Tests in Backstage from CI: start a run, follow it, exit with its verdict',
    )
    .showHelpAfterError();
  program
    .command('run')
    .description(
      'Start a run of a scenario, or fire a plan; with --wait follow it and exit 0 on pass, 1 on fail, 2 when inconclusive or on error',
    )
    .requiredOption(
      '-e, --entity <ref>',
      'catalog entity, e.g. component:default/shop-api',
    )
    .option('-s, --scenario <name>', 'scenario name (or id)')
    .option(
      '--plan <name>',
      "plan name (or id), instead of a scenario: its steps' verdicts make its verdict",
    )
    .option(
      '-p, --param <name=value>',
      'override a run parameter (repeatable), e.g. users=50',
      parameter,
      {},
    )
    .option(
      '-w, --wait',
      'follow the run to its end and exit with its verdict',
      false,
    )
    .option('--junit <file>', 'write the verdict as JUnit XML (with --wait)')
    .option(
      '--url <url>',
      'Backstage base URL (env LOAD_TESTING_URL)',
      process.env.LOAD_TESTING_URL,
    )
    .option(
      '--token <token>',
      'Backstage static or service token (env LOAD_TESTING_TOKEN)',
      process.env.LOAD_TESTING_TOKEN,
    )
    .option('--poll <seconds>', 'seconds between progress reads', '2')
    .action(async opts => {
      if (!opts.url)
        throw new ApiError('--url (or LOAD_TESTING_URL) is required');
      if (!opts.token)
        throw new ApiError('--token (or LOAD_TESTING_TOKEN) is required');
      if (Boolean(opts.scenario) === Boolean(opts.plan))
        throw new ApiError('give either --scenario or --plan');
      if (opts.plan) {
        if (Object.keys(opts.param).length)
          throw new ApiError(
            "--param applies to a scenario; a plan sets its steps' parameters",
          );
        process.exitCode = await planCommand({
          url: opts.url,
          token: opts.token,
          entity: opts.entity,
          plan: opts.plan,
          wait: opts.wait,
          junit: opts.junit,
          pollMs: Math.max(0.2, Number(opts.poll)) * 1000,
        });
        return;
      }
      process.exitCode = await runCommand({
        url: opts.url,
        token: opts.token,
        entity: opts.entity,
        scenario: opts.scenario,
        param: opts.param,
        wait: opts.wait,
        junit: opts.junit,
        pollMs: Math.max(0.2, Number(opts.poll)) * 1000,
      });
    });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.stderr.write(`load-testing: ${(e as Error).message}\n`);
    process.exitCode = EXIT.error;
  }
}
