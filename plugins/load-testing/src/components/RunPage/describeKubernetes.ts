import {
  PodResources,
  RunParameters,
  Toleration,
} from '@internal/plugin-load-testing-common';

function describeAmounts(a?: { cpu?: string; memory?: string }): string {
  return [a?.cpu && `CPU ${a.cpu}`, a?.memory && `memory ${a.memory}`]
    .filter(Boolean)
    .join(', ');
}

/** `worker: requests CPU 500m, memory 512Mi; limits CPU 1` per role that sets any. */
export function describeResources(r: RunParameters['resources']): string[] {
  const out: string[] = [];
  for (const role of ['master', 'worker'] as const) {
    const res: PodResources | undefined = r?.[role];
    const parts = (['requests', 'limits'] as const)
      .map(kind => {
        const text = describeAmounts(res?.[kind]);
        return text && `${kind} ${text}`;
      })
      .filter(Boolean);
    if (parts.length) out.push(`${role}: ${parts.join('; ')}`);
  }
  return out;
}

/** As kubectl shows a toleration: `dedicated=load:NoSchedule`, `gpu exists`, `any taint`. */
export function describeToleration(t: Toleration): string {
  let match = `${t.key ?? ''}=${t.value ?? ''}`;
  if ((t.operator ?? 'Equal') === 'Exists')
    match = t.key ? `${t.key} exists` : 'any taint';
  const effect = t.effect ? `:${t.effect}` : ' (any effect)';
  const seconds =
    t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds} s` : '';
  return `${match}${effect}${seconds}`;
}

/**
 * The Kubernetes parameters of a run, for the parameters panel. Variables from
 * Secrets are named with their Secret and key; their values never reach the UI.
 */
export function describeKubernetesParameters(
  p: RunParameters,
  placement?: { cluster?: string },
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    cluster: p.cluster ?? placement?.cluster ?? 'default',
    engine: p.engine ?? 'default',
  };
  const resources = describeResources(p.resources);
  out.resources = resources.length ? resources : 'platform defaults';
  if (p.hostAliases?.length)
    out['host aliases'] = p.hostAliases.map(
      a => `${a.ip} → ${a.hostnames.join(', ')}`,
    );
  const labels = Object.entries(p.nodeSelector ?? {});
  if (labels.length) out['node selector'] = labels.map(([k, v]) => `${k}=${v}`);
  if (p.tolerations?.length)
    out.tolerations = p.tolerations.map(describeToleration);
  if (p.secretEnv?.length)
    out['secret variables'] = p.secretEnv.map(
      s => `${s.name} (from ${s.secret}, key ${s.key})`,
    );
  return out;
}
