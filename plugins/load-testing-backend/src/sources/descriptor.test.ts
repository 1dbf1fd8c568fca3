import { parseDescriptor } from './descriptor';

const doc = (scenarios: string) =>
  `apiVersion: load-testing.dev/v1alpha1\nkind: Scenarios\nscenarios:\n${scenarios}`;

describe('parseDescriptor', () => {
  it('lists the scenarios with their script paths', () => {
    expect(
      parseDescriptor(
        doc(
          '  - name: browse\n    script: browse.py\n    parameters: { users: 5 }\n',
        ),
      ),
    ).toEqual([
      {
        name: 'browse',
        script: 'browse.py',
        parameters: { users: 5 },
        description: undefined,
        thresholds: undefined,
      },
    ]);
  });

  it('names everything wrong in it', () => {
    expect(() =>
      parseDescriptor(
        'apiVersion: v1\nkind: X\nscenarios:\n  - name: a\n  - name: A\n    script: ../../etc/passwd\n  - 3\n',
      ),
    ).toThrow(
      'apiVersion must be load-testing.dev/v1alpha1; kind must be Scenarios; scenarios[0].script is required: the Locust file, relative to this descriptor; scenarios[1].script must be a path inside the descriptor\'s folder; scenarios[2] must be a mapping; scenarios[1].name "A" is listed twice',
    );
    expect(() => parseDescriptor('scenarios: [')).toThrow(/is not valid YAML/);
    expect(() =>
      parseDescriptor(doc('  - name: x\n    script: https://evil/x.py\n')),
    ).toThrow(/must be a path inside the descriptor's folder/);
  });
});
