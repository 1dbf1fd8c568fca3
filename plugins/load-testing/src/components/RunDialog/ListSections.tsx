import {
  EFFECTS,
  HostAliasRow,
  NodeSelectorRow,
  SecretEnvRow,
  TolerationRow,
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

const NODE_SELECTOR_COLUMNS: Array<Column<NodeSelectorRow>> = [
  { name: 'key', label: 'Label', placeholder: 'kubernetes.io/arch' },
  { name: 'value', label: 'Value', placeholder: 'amd64' },
];

/** Labels the nodes of the pods must have. */
export function NodeSelectorSection(props: ListProps<'nodeSelector'>) {
  return (
    <RowList
      {...props}
      list="nodeSelector"
      title="Node selector"
      help="Labels the nodes must have"
      addLabel="Add label"
      slug="node-selector"
      noun="node label"
      columns={NODE_SELECTOR_COLUMNS}
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

const exists = (row: TolerationRow) => row.operator === 'Exists';

const TOLERATION_COLUMNS: Array<Column<TolerationRow>> = [
  {
    name: 'key',
    label: 'Key',
    placeholder: r => (exists(r) ? 'any' : 'dedicated'),
    shrink: true,
  },
  {
    name: 'operator',
    label: 'Operator',
    options: () => [
      ['Equal', 'Equal'],
      ['Exists', 'Exists'],
    ],
  },
  {
    name: 'value',
    label: 'Value',
    placeholder: r => (exists(r) ? 'any' : 'load'),
    shrink: true,
    // Exists matches any value: one typed before switching is kept but not shown
    shown: r => (exists(r) ? '' : r.value),
    off: exists,
  },
  {
    name: 'effect',
    label: 'Effect',
    // wide enough for PreferNoSchedule
    flex: '0 0 32%',
    options: () => [
      ['', 'Any effect'],
      ...EFFECTS.map((e): [string, string] => [e, e]),
    ],
  },
];

/** Taints the pods tolerate. */
export function TolerationsSection(props: ListProps<'tolerations'>) {
  return (
    <RowList
      {...props}
      list="tolerations"
      title="Tolerations"
      help="Taints the pods tolerate"
      addLabel="Add toleration"
      slug="toleration"
      noun="toleration"
      columns={TOLERATION_COLUMNS}
    />
  );
}

/** Variables the script reads from the Secrets the backend allows. */
export function SecretEnvSection(
  props: ListProps<'secretEnv'> & { secrets: string[] },
) {
  const { secrets, ...list } = props;
  const columns: Array<Column<SecretEnvRow>> = [
    { name: 'name', label: 'Variable', placeholder: 'API_TOKEN' },
    {
      name: 'secret',
      label: 'Secret',
      shrink: true,
      // a Secret the scenario names stays choosable even when no longer allowed
      options: r => [
        ['', 'Choose…'],
        ...(r.secret && !secrets.includes(r.secret)
          ? [...secrets, r.secret]
          : secrets
        ).map((s): [string, string] => [s, s]),
      ],
    },
    { name: 'key', label: 'Key', placeholder: 'token' },
  ];
  return (
    <RowList
      {...list}
      list="secretEnv"
      title="Environment from secrets"
      help={
        secrets.length
          ? 'Variables the script reads from an allowed Secret'
          : 'No Secrets are allowed on this backend'
      }
      addLabel="Add variable"
      canAdd={secrets.length > 0 || list.rows.length > 0}
      slug="secret-env"
      noun="secret variable"
      columns={columns}
    />
  );
}
