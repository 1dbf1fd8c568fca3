import {
  KubernetesSecretRule,
  Toleration,
  describeToleration,
} from '@internal/plugin-load-testing-common';
import {
  HostAliasRow,
  NodeSelectorRow,
  SecretEnvRow,
  TolerationRow,
  emptyRows,
  fromTolerationRow,
  toTolerationRow,
} from './kubernetesValues';
import { Column, ListProps, RowList } from './RowList';

const HOST_ALIAS_COLUMNS: Array<Column<HostAliasRow>> = [
  { name: 'ip', label: 'IP', placeholder: '10.0.0.5', flex: '0 0 35%' },
  {
    name: 'hostnames',
    label: 'Host names',
    placeholder: 'shop-api.internal, auth.internal',
  },
];

/** Extra /etc/hosts entries of the pods. */
export function HostAliasesSection(props: ListProps<'hostAliases'>) {
  return (
    <RowList
      {...props}
      list="hostAliases"
      title="Host aliases"
      help="Extra /etc/hosts entries, to reach internal names"
      addLabel="Add host alias"
      slug="host-alias"
      noun="host alias"
      columns={HOST_ALIAS_COLUMNS}
    />
  );
}

/** Choices of a select: the allowed ones, and the row's own when it is not among them. */
function choices(allowed: string[], own: string, prompt = 'Choose…') {
  const all = own && !allowed.includes(own) ? [...allowed, own] : allowed;
  return [['', prompt], ...all.map(v => [v, v])] as Array<[string, string]>;
}

/** Labels the nodes of the pods must have, on the keys the backend allows. */
export function NodeSelectorSection(
  props: ListProps<'nodeSelector'> & { keys: string[] },
) {
  const { keys, ...list } = props;
  const columns: Array<Column<NodeSelectorRow>> = [
    {
      name: 'key',
      label: 'Label',
      shrink: true,
      options: r => choices(keys, r.key),
    },
    { name: 'value', label: 'Value', placeholder: 'amd64' },
  ];
  return (
    <RowList
      {...list}
      list="nodeSelector"
      title="Node selector"
      help={
        keys.length
          ? 'Labels the nodes must have'
          : 'This backend lets runs choose no node labels'
      }
      addLabel="Add label"
      canAdd={keys.length > 0 || list.rows.length > 0}
      slug="node-selector"
      noun="node label"
      columns={columns}
      problems={(row, sent) => {
        // the API names a label by its key, for a bad key and a bad value alike
        const message =
          sent === undefined
            ? undefined
            : props.fields[`parameters.nodeSelector.${row.key.trim()}`];
        const onValue = message !== undefined && /value/i.test(message);
        return name => ((name === 'value') === onValue ? message : undefined);
      }}
    />
  );
}

const isBlankToleration = (r: TolerationRow) =>
  !r.key &&
  !r.value &&
  !r.effect &&
  !r.tolerationSeconds &&
  r.operator === 'Equal';

/** Taints the pods tolerate, among those the backend allows. */
export function TolerationsSection(
  props: ListProps<'tolerations'> & { allowed: Toleration[] },
) {
  const { allowed, ...list } = props;
  const names = allowed.map(describeToleration);
  const columns: Array<Column<TolerationRow>> = [
    {
      name: 'key',
      label: 'Toleration',
      shrink: true,
      shown: r =>
        isBlankToleration(r) ? '' : describeToleration(fromTolerationRow(r)),
      options: r =>
        choices(
          names,
          isBlankToleration(r) ? '' : describeToleration(fromTolerationRow(r)),
        ),
      apply: (_r, value) => {
        const t = allowed[names.indexOf(value)];
        return t ? toTolerationRow(t) : emptyRows.tolerations();
      },
    },
  ];
  return (
    <RowList
      {...list}
      list="tolerations"
      title="Tolerations"
      help={
        allowed.length
          ? 'Taints the pods tolerate'
          : 'This backend lets runs add no tolerations'
      }
      addLabel="Add toleration"
      canAdd={allowed.length > 0 || list.rows.length > 0}
      slug="toleration"
      noun="toleration"
      columns={columns}
      problems={(_row, sent) => {
        if (sent === undefined) return () => undefined;
        const at = `parameters.tolerations[${sent}]`;
        const part = Object.keys(props.fields).find(f =>
          f.startsWith(`${at}.`),
        );
        const message =
          props.fields[at] ??
          (part && `${part.slice(at.length + 1)} ${props.fields[part]}`);
        return () => message;
      }}
    />
  );
}

/** Variables the script reads from the Secrets the backend allows. */
export function SecretEnvSection(
  props: ListProps<'secretEnv'> & { rules: KubernetesSecretRule[] },
) {
  const { rules, ...list } = props;
  const secrets = rules.map(r => r.name);
  const columns: Array<Column<SecretEnvRow>> = [
    { name: 'name', label: 'Variable', placeholder: 'API_TOKEN' },
    {
      name: 'secret',
      label: 'Secret',
      shrink: true,
      // a Secret the scenario names stays choosable even when no longer allowed
      options: r => choices(secrets, r.secret),
    },
    {
      name: 'key',
      label: 'Key',
      placeholder: 'token',
      shrink: true,
      // a Secret whose keys are listed offers just those
      options: r => {
        const keys = rules.find(x => x.name === r.secret)?.keys;
        return keys && choices(keys, r.key);
      },
    },
  ];
  return (
    <RowList
      {...list}
      list="secretEnv"
      title="Environment from secrets"
      help={
        secrets.length
          ? 'Variables the script reads from an allowed Secret'
          : 'No Secrets are allowed for runs of this entity'
      }
      addLabel="Add variable"
      canAdd={secrets.length > 0 || list.rows.length > 0}
      slug="secret-env"
      noun="secret variable"
      columns={columns}
    />
  );
}
