import { Config } from '@backstage/config';
import {
  FieldError,
  RunParameters,
  Toleration,
  checkKubernetesParameters,
  describeToleration,
  toleratesNoMoreThan,
} from '@internal/plugin-load-testing-common';

const WHERE = 'loadTesting.executors.kubernetes';

/** What the platform lets a run choose about where its pods go. */
export interface PlacementPolicy {
  /** Tolerations a run may add; each of its own must tolerate no more than one of these. */
  allowedTolerations: Toleration[];
  /** Node label keys a run's nodeSelector may use. */
  allowedNodeSelectorKeys: string[];
}

/** Reads `allowedTolerations` and `allowedNodeSelectorKeys`; both default to none. */
export function readPlacementPolicy(c: Config): PlacementPolicy {
  const allowedTolerations = (c
    .getOptionalConfigArray('allowedTolerations')
    ?.map(t => t.get()) ?? []) as Toleration[];
  const allowedNodeSelectorKeys =
    c.getOptionalStringArray('allowedNodeSelectorKeys') ?? [];
  const problems = checkKubernetesParameters(
    {
      tolerations: allowedTolerations,
      nodeSelector: Object.fromEntries(
        allowedNodeSelectorKeys.map(k => [k, '']),
      ),
    },
    WHERE,
  ).map(e =>
    `${e.field} ${e.message}`
      .replace(`${WHERE}.tolerations`, `${WHERE}.allowedTolerations`)
      .replace(`${WHERE}.nodeSelector.`, `${WHERE}.allowedNodeSelectorKeys: `),
  );
  if (problems.length) throw new Error(problems.join('; '));
  return { allowedTolerations, allowedNodeSelectorKeys };
}

/** Field errors for tolerations and node labels the platform does not let runs choose. */
export function checkPlacement(
  params: Pick<RunParameters, 'tolerations' | 'nodeSelector'>,
  policy: PlacementPolicy,
): FieldError[] {
  const errors: FieldError[] = [];
  const tolerations = policy.allowedTolerations;
  (params.tolerations ?? []).forEach((t, i) => {
    if (tolerations.some(allowed => toleratesNoMoreThan(t, allowed))) return;
    errors.push({
      field: `parameters.tolerations[${i}]`,
      message: tolerations.length
        ? `is not a toleration runs may add; allowed: ${tolerations.map(describeToleration).join(', ')} (${WHERE}.allowedTolerations)`
        : `runs may add no tolerations (${WHERE}.allowedTolerations)`,
    });
  });
  const keys = policy.allowedNodeSelectorKeys;
  for (const key of Object.keys(params.nodeSelector ?? {})) {
    if (keys.includes(key)) continue;
    // no "value" in these messages: the Run dialog puts such messages on the key
    errors.push({
      field: `parameters.nodeSelector.${key}`,
      message: keys.length
        ? `is not a node label runs may select on; allowed: ${keys.join(', ')} (${WHERE}.allowedNodeSelectorKeys)`
        : `runs may select on no node labels (${WHERE}.allowedNodeSelectorKeys)`,
    });
  }
  return errors;
}
