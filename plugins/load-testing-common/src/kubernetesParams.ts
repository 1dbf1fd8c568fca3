import { FieldError, RunParameters } from './types';

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_KEY = /^[-._A-Za-z0-9]{1,253}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+$/;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,99}$/;

/** A label key: an optional DNS prefix and a name. */
function isLabelKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  if (parts.length === 2 && !DNS_SUBDOMAIN.test(parts[0])) return false;
  return LABEL_NAME.test(parts[parts.length - 1]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the Kubernetes-only run parameters (cluster, engine, resources, hostAliases,
 * nodeSelector, tolerations, secretEnv). Which clusters, engines and secrets exist is
 * the backend's to check.
 * @public
 */
export function checkKubernetesParameters(
  value: Partial<RunParameters>,
  prefix = 'parameters',
): FieldError[] {
  const errors: FieldError[] = [];
  const f = (name: string) => `${prefix}.${name}`;
  for (const key of ['cluster', 'engine'] as const) {
    const v = value[key];
    if (v !== undefined && (typeof v !== 'string' || !NAME.test(v)))
      errors.push({ field: f(key), message: 'must be a configured name' });
  }

  if (value.resources !== undefined) {
    if (!isObject(value.resources)) {
      errors.push({
        field: f('resources'),
        message: 'must be an object with master and/or worker',
      });
    } else {
      for (const [role, res] of Object.entries(value.resources)) {
        const rf = f(`resources.${role}`);
        if (role !== 'master' && role !== 'worker') {
          errors.push({ field: rf, message: 'roles are master and worker' });
          continue;
        }
        if (!isObject(res)) {
          errors.push({ field: rf, message: 'must be {requests, limits}' });
          continue;
        }
        for (const [kind, amounts] of Object.entries(res)) {
          if (kind !== 'requests' && kind !== 'limits') {
            errors.push({
              field: `${rf}.${kind}`,
              message: 'must be requests or limits',
            });
            continue;
          }
          if (!isObject(amounts)) {
            errors.push({
              field: `${rf}.${kind}`,
              message: 'must be {cpu, memory}',
            });
            continue;
          }
          for (const [name, q] of Object.entries(amounts)) {
            const qf = `${rf}.${kind}.${name}`;
            if (name !== 'cpu' && name !== 'memory')
              errors.push({ field: qf, message: 'must be cpu or memory' });
            else if (typeof q !== 'string' || !QUANTITY.test(q))
              errors.push({
                field: qf,
                message:
                  name === 'cpu'
                    ? 'must be a quantity such as 500m or 2'
                    : 'must be a quantity such as 512Mi or 2Gi',
              });
          }
        }
      }
    }
  }

  if (value.hostAliases !== undefined) {
    if (!Array.isArray(value.hostAliases)) {
      errors.push({ field: f('hostAliases'), message: 'must be a list' });
    } else {
      value.hostAliases.forEach((a, i) => {
        const af = f(`hostAliases[${i}]`);
        if (
          typeof a?.ip !== 'string' ||
          !(IPV4.test(a.ip) || (a.ip.includes(':') && IPV6.test(a.ip)))
        )
          errors.push({ field: `${af}.ip`, message: 'must be an IP address' });
        if (
          !Array.isArray(a?.hostnames) ||
          a.hostnames.length === 0 ||
          a.hostnames.some(h => typeof h !== 'string' || !DNS_SUBDOMAIN.test(h))
        )
          errors.push({
            field: `${af}.hostnames`,
            message: 'must be a list of lowercase host names',
          });
      });
    }
  }

  if (value.nodeSelector !== undefined) {
    if (!isObject(value.nodeSelector)) {
      errors.push({
        field: f('nodeSelector'),
        message: 'must be an object of labels',
      });
    } else {
      for (const [k, v] of Object.entries(value.nodeSelector)) {
        if (!isLabelKey(k))
          errors.push({
            field: f(`nodeSelector.${k}`),
            message: 'is not a valid label key',
          });
        else if (typeof v !== 'string' || !LABEL_VALUE.test(v))
          errors.push({
            field: f(`nodeSelector.${k}`),
            message: 'is not a valid label value',
          });
      }
    }
  }

  if (value.tolerations !== undefined) {
    if (!Array.isArray(value.tolerations)) {
      errors.push({ field: f('tolerations'), message: 'must be a list' });
    } else {
      value.tolerations.forEach((t, i) => {
        const tf = f(`tolerations[${i}]`);
        if (!isObject(t)) {
          errors.push({ field: tf, message: 'must be an object' });
          return;
        }
        const op = t.operator ?? 'Equal';
        if (op !== 'Exists' && op !== 'Equal')
          errors.push({
            field: `${tf}.operator`,
            message: 'must be Exists or Equal',
          });
        if (t.key !== undefined && !isLabelKey(String(t.key)))
          errors.push({ field: `${tf}.key`, message: 'is not a valid key' });
        if (op === 'Equal' && t.key === undefined)
          errors.push({
            field: `${tf}.key`,
            message: 'is required with operator Equal',
          });
        if (op === 'Exists' && t.value)
          errors.push({
            field: `${tf}.value`,
            message: 'must be empty with operator Exists',
          });
        if (
          t.value !== undefined &&
          (typeof t.value !== 'string' || !LABEL_VALUE.test(t.value))
        )
          errors.push({
            field: `${tf}.value`,
            message: 'is not a valid value',
          });
        if (t.effect !== undefined && !EFFECTS.includes(String(t.effect)))
          errors.push({
            field: `${tf}.effect`,
            message: `must be one of ${EFFECTS.join(', ')}`,
          });
        if (
          t.tolerationSeconds !== undefined &&
          !(
            Number.isInteger(t.tolerationSeconds) &&
            (t.tolerationSeconds as number) >= 0
          )
        )
          errors.push({
            field: `${tf}.tolerationSeconds`,
            message: 'must be a whole number ≥ 0',
          });
      });
    }
  }

  if (value.secretEnv !== undefined) {
    if (!Array.isArray(value.secretEnv)) {
      errors.push({ field: f('secretEnv'), message: 'must be a list' });
    } else {
      value.secretEnv.forEach((s, i) => {
        const sf = f(`secretEnv[${i}]`);
        if (typeof s?.name !== 'string' || !ENV_NAME.test(s.name))
          errors.push({
            field: `${sf}.name`,
            message: 'is not a valid variable name',
          });
        if (typeof s?.secret !== 'string' || !DNS_SUBDOMAIN.test(s.secret))
          errors.push({
            field: `${sf}.secret`,
            message: 'must be the name of a Secret',
          });
        if (typeof s?.key !== 'string' || !SECRET_KEY.test(s.key))
          errors.push({
            field: `${sf}.key`,
            message: 'must be a key of the Secret',
          });
      });
    }
  }
  return errors;
}
