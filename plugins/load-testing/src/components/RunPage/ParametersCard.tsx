import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { Run } from '@internal/plugin-load-testing-common';
import { formatSeconds } from '../common';
import { describeKubernetesParameters } from './describeKubernetes';
import { describeThresholds } from './VerdictChecks';

/** The frozen parameters and thresholds of a run, with its pod placement on Kubernetes. */
export function ParametersCard({ run }: { run: Run }) {
  const p = run.parameters;
  const metadata: Record<string, string | string[]> = {
    users: String(p.users),
    'spawn rate': `${p.spawnRate} users/s`,
    duration: formatSeconds(p.duration),
    workers: String(p.workers),
    'target host': p.host,
    executor: p.executor,
  };
  if (p.executor === 'kubernetes')
    Object.assign(metadata, describeKubernetesParameters(p, run.kubernetes));
  if (p.stages?.length) {
    metadata.stages = p.stages
      .map(s => `until ${s.duration} s: ${s.users} users at ${s.spawnRate}/s`)
      .join('; ');
  }
  if (p.tags?.length) metadata.tags = p.tags.join(', ');
  if (p.env && Object.keys(p.env).length)
    metadata.environment = Object.keys(p.env).join(', ');
  metadata.thresholds =
    describeThresholds(run.thresholds ?? {}).join(', ') || 'none';
  // what runs are compared on: the same script, or not
  if (run.scriptVersion) metadata['script version'] = run.scriptVersion;
  return (
    <InfoCard title="Parameters">
      <StructuredMetadataTable metadata={metadata} dense />
    </InfoCard>
  );
}
