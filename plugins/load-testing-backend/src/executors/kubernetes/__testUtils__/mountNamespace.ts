import { ChildProcess, SpawnOptions, spawn } from 'child_process';

/**
 * Runs `command` in a private mount namespace after the shell `setup` (mounts only that
 * process sees). In `setup`, `$0`, `$1`, … are `setupArgs`. Needs root.
 */
export function spawnInMountNamespace(
  setup: string,
  setupArgs: string[],
  command: string[],
  options: SpawnOptions,
): ChildProcess {
  const shift = setupArgs.length > 1 ? `shift ${setupArgs.length - 1} && ` : '';
  return spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      `${setup} && ${shift}exec "$@"`,
      ...(setupArgs.length ? setupArgs : ['sh']),
      ...command,
    ],
    options,
  );
}
