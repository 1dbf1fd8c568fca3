import { Toleration } from './types';

/**
 * A toleration as kubectl shows it: `dedicated=load:NoSchedule`,
 * `spot:NoSchedule op=Exists`, `op=Exists` (every taint), with ` for 300s` when bounded.
 * @public
 */
export function describeToleration(t: Toleration): string {
  const exists = t.operator === 'Exists';
  let text = exists ? (t.key ?? '') : `${t.key ?? ''}=${t.value ?? ''}`;
  if (t.effect) text += `:${t.effect}`;
  if (exists) text += text ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
  return text;
}

/**
 * Whether every taint `asked` tolerates is also tolerated by `allowed`: the same key
 * (or `allowed` has none: any key), the same value (or `allowed` is Exists), the same
 * effect (or `allowed` has none) and, when `allowed` is bounded, no longer a time.
 * @public
 */
export function toleratesNoMoreThan(
  asked: Toleration,
  allowed: Toleration,
): boolean {
  const op = (t: Toleration) => t.operator ?? 'Equal';
  if (allowed.key && asked.key !== allowed.key) return false;
  if (
    op(allowed) === 'Equal' &&
    (op(asked) !== 'Equal' || (asked.value ?? '') !== (allowed.value ?? ''))
  )
    return false;
  if (allowed.effect && asked.effect !== allowed.effect) return false;
  if (
    allowed.tolerationSeconds !== undefined &&
    !(
      asked.tolerationSeconds !== undefined &&
      asked.tolerationSeconds <= allowed.tolerationSeconds
    )
  )
    return false;
  return true;
}
