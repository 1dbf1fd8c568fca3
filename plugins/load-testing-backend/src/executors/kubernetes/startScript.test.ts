import { execFileSync } from 'child_process';
import { masterArgs, shellQuote } from '../../engines/locust/command';
import { startScript } from './values';
import { TEST_PARAMS } from './__testUtils__/fixtures';

const PARAMS = TEST_PARAMS;

/** The arguments `sh` sees in the script's line for a role. */
function shellArgs(script: string, role: 'master' | 'worker'): string[] {
  const line = script
    .split('\n')
    .find(l => l.startsWith(`  ${role}) exec locust `))!;
  const args = line.slice(`  ${role}) exec locust `.length, -' ;;'.length);
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${args}`], {
    encoding: 'utf8',
  });
  return out.split('\n').slice(0, -1);
}

describe('shellQuote', () => {
  it('quotes only what the shell would change', () => {
    expect(shellQuote('plain')).toBe('plain');
    expect(shellQuote('/mnt/a.py,/mnt/b.py')).toBe('/mnt/a.py,/mnt/b.py');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });
});

describe('startScript', () => {
  it('starts the master with the workers it waits for', () => {
    const script = startScript(PARAMS, 'master', 600);
    const args = shellArgs(script, 'master');
    expect(args).toEqual(
      masterArgs({
        scriptFile: '/mnt/load-test/locustfile.py',
        engineDir: '/mnt/load-test',
        params: PARAMS,
        masterHost: '0.0.0.0',
        masterPort: 5557,
        expectWorkersMaxWait: 600,
      }),
    );
    expect(args).toContain('--master');
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-f')).toBe(
      '/mnt/load-test/guard.py,/mnt/load-test/locustfile.py,/mnt/load-test/monitor.py',
    );
    expect(after('--expect-workers')).toBe('3');
    expect(after('--expect-workers-max-wait')).toBe('600');
    expect(after('-u')).toBe('20');
    expect(after('-r')).toBe('5');
    expect(after('-t')).toBe('120s');
    expect(after('--host')).toBe(PARAMS.host);
  });

  it('adds the shape file, not -u/-r/-t, with stages', () => {
    const params = {
      ...PARAMS,
      stages: [{ duration: 60, users: 10, spawnRate: 2 }],
    };
    const args = shellArgs(startScript(params, 'master', 30), 'master');
    expect(args[args.indexOf('-f') + 1]).toBe(
      '/mnt/load-test/guard.py,/mnt/load-test/locustfile.py,/mnt/load-test/monitor.py,/mnt/load-test/shape.py',
    );
    expect(args).not.toContain('-u');
    expect(args).not.toContain('-t');
    expect(args[args.indexOf('--expect-workers-max-wait') + 1]).toBe('30');
  });

  it('points the workers at the master service', () => {
    const args = shellArgs(startScript(PARAMS, 'lt-master', 600), 'worker');
    expect(args).toEqual([
      '-f',
      '/mnt/load-test/guard.py,/mnt/load-test/locustfile.py,/mnt/load-test/monitor.py',
      '--worker',
      '--master-host',
      'lt-master',
      '--master-port',
      '5557',
    ]);
  });

  it('passes arguments with quotes and shell characters unchanged', () => {
    const host = 'http://shop/it\'s a $(touch /tmp/x) `id` "q" ;|&';
    const args = shellArgs(
      startScript({ ...PARAMS, host, tags: ['a', 'b'] }, 'master', 600),
      'master',
    );
    expect(args[args.indexOf('--host') + 1]).toBe(host);
    expect(args.slice(args.indexOf('--tags'))).toEqual(['--tags', 'a', 'b']);
  });
});
