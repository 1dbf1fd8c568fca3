import { Config } from '@backstage/config';
import { CpuWarningRule, DEFAULT_CPU_WARNING_RULE } from './generatorCpu';

/** `loadTesting.resources.cpuWarning`: when a busy load generator warns its run. */
export function readCpuWarningRule(root: Config): CpuWarningRule {
  const c = root.getOptionalConfig('loadTesting.resources.cpuWarning');
  const percent =
    c?.getOptionalNumber('percent') ?? DEFAULT_CPU_WARNING_RULE.percent;
  const seconds =
    c?.getOptionalNumber('seconds') ?? DEFAULT_CPU_WARNING_RULE.seconds;
  if (!(percent > 0) || !(seconds >= 0))
    throw new Error(
      'loadTesting.resources.cpuWarning: percent must be above 0 and seconds 0 or more',
    );
  return { percent, seconds };
}
