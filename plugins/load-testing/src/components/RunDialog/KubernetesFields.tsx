import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { KubernetesSettings } from '@internal/plugin-load-testing-common';
import { ReactNode } from 'react';
import {
  AMOUNTS,
  Amount,
  EFFECTS,
  KINDS,
  Kind,
  KubernetesValues,
  ListKey,
  ROLES,
  Role,
  TolerationRow,
  describeCustomizations,
  effectiveChoice,
  emptyRows,
  isKubernetesField,
  sentIndexes,
} from './kubernetesValues';

const AMOUNT_LABELS: Record<Kind, Record<Amount, string>> = {
  requests: { cpu: 'CPU request', memory: 'Memory request' },
  limits: { cpu: 'CPU limit', memory: 'Memory limit' },
};
/** CPU request and limit side by side, then memory. */
const COLUMNS = AMOUNTS.flatMap(amount =>
  KINDS.map(kind => ({ kind, amount })),
);
const ROLE_LABELS: Record<Role, string> = {
  master: 'Master',
  worker: 'Worker',
};

/** A compact outlined input; its API message replaces the help when there is one. */
function Input(props: TextFieldProps & { problem?: string; help?: string }) {
  const { problem, help, ...rest } = props;
  return (
    <TextField
      variant="outlined"
      margin="dense"
      size="small"
      fullWidth
      {...rest}
      error={Boolean(problem)}
      helperText={problem ?? help}
    />
  );
}

/** A list of rows under a heading, with its Add button. */
function ListSection(props: {
  title: string;
  help: string;
  addLabel: string;
  onAdd?: () => void;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <Box mt={1.5}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2">{props.title}</Typography>
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ flexGrow: 1 }}
        >
          {props.help}
        </Typography>
        {props.onAdd && (
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={props.onAdd}
            disabled={props.disabled}
          >
            {props.addLabel}
          </Button>
        )}
      </Box>
      {props.children}
    </Box>
  );
}

function Row(props: {
  testId: string;
  removeLabel: string;
  onRemove: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Box
      display="flex"
      alignItems="flex-start"
      style={{ gap: 8 }}
      data-testid={props.testId}
    >
      {props.children}
      <IconButton
        aria-label={props.removeLabel}
        onClick={props.onRemove}
        disabled={props.disabled}
        size="small"
        style={{ marginTop: 12 }}
      >
        <DeleteOutlineIcon fontSize="small" />
      </IconButton>
    </Box>
  );
}

/** The one-line summary of the collapsed section: cluster · engine · what changed. */
export function kubernetesSummary(
  values: KubernetesValues,
  settings?: KubernetesSettings,
): string {
  const { cluster, engine } = effectiveChoice(values, settings);
  return [
    cluster || 'default cluster',
    engine || 'default engine',
    ...describeCustomizations(values),
  ].join(' · ');
}

/**
 * Where and how a run's pods start: cluster, engine image, CPU/memory per role,
 * host aliases, node selector, tolerations and variables from allowed Secrets.
 * `fields` holds the API's messages keyed by field path.
 */
export function KubernetesFields(props: {
  values: KubernetesValues;
  onChange: (values: KubernetesValues) => void;
  /** Called when a row is added or removed: row numbers of older messages no longer hold. */
  onRowsChanged?: (key: ListKey) => void;
  settings?: KubernetesSettings;
  fields: Record<string, string>;
  expanded: boolean;
  onExpandedChange: (expanded: boolean) => void;
  disabled?: boolean;
}) {
  const { values, onChange, settings, fields, disabled } = props;
  const { cluster, engine } = effectiveChoice(values, settings);
  const hasErrors = Object.keys(fields).some(isKubernetesField);

  const set = <K extends keyof KubernetesValues>(
    key: K,
    value: KubernetesValues[K],
  ) => onChange({ ...values, [key]: value });
  const setRow = <K extends ListKey>(
    key: K,
    i: number,
    patch: Partial<KubernetesValues[K][number]>,
  ) =>
    set(
      key,
      (values[key] as Array<KubernetesValues[K][number]>).map((r, j) =>
        j === i ? { ...r, ...patch } : r,
      ) as KubernetesValues[K],
    );
  const addRow = (key: ListKey) => {
    set(key, [...values[key], emptyRows[key]()] as never);
    props.onRowsChanged?.(key);
  };
  const removeRow = (key: ListKey, i: number) => {
    set(key, values[key].filter((_, j) => j !== i) as never);
    props.onRowsChanged?.(key);
  };
  /** The API's message for field `name` of the row, by its position in the request. */
  const rowError = (key: ListKey, sent: number | undefined, name: string) =>
    sent === undefined
      ? undefined
      : fields[`parameters.${key}[${sent}].${name}`];

  const clusters = [...(settings?.clusters ?? [])];
  if (cluster && !clusters.includes(cluster)) clusters.push(cluster);
  const engines = [...(settings?.engines ?? [])];
  if (engine && !engines.some(e => e.name === engine))
    engines.push({ name: engine, image: '' });
  const image = engines.find(e => e.name === engine)?.image;
  const secrets = [...(settings?.secrets ?? [])];

  const hostIndexes = sentIndexes('hostAliases', values.hostAliases);
  const tolerationIndexes = sentIndexes('tolerations', values.tolerations);
  const secretIndexes = sentIndexes('secretEnv', values.secretEnv);
  const nodeIndexes = sentIndexes('nodeSelector', values.nodeSelector);

  return (
    <Accordion
      expanded={props.expanded}
      onChange={(_, open) => props.onExpandedChange(open)}
      variant="outlined"
      square
      style={{ marginTop: 12 }}
      data-testid="kubernetes-section"
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="kubernetes-section-details"
        id="kubernetes-section-summary"
      >
        <Box display="flex" alignItems="baseline" style={{ gap: 12 }}>
          <Typography variant="subtitle1">Kubernetes</Typography>
          <Typography
            variant="body2"
            color={hasErrors ? 'error' : 'textSecondary'}
            data-testid="kubernetes-summary"
          >
            {kubernetesSummary(values, settings)}
            {hasErrors && ' · check the highlighted fields'}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails
        id="kubernetes-section-details"
        style={{ display: 'block', paddingTop: 0 }}
      >
        <Grid container spacing={1}>
          <Grid item xs={12} sm={6}>
            <Input
              id="kubernetes-cluster"
              select
              label="Cluster"
              value={cluster}
              onChange={e => set('cluster', e.target.value as string)}
              problem={fields['parameters.cluster']}
              help={
                settings?.defaultCluster
                  ? `Default: ${settings.defaultCluster}`
                  : 'Where the pods run'
              }
              disabled={disabled}
            >
              {clusters.map(c => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
            </Input>
          </Grid>
          <Grid item xs={12} sm={6}>
            <Input
              id="kubernetes-engine"
              select
              label="Engine"
              value={engine}
              onChange={e => set('engine', e.target.value as string)}
              problem={fields['parameters.engine']}
              help={image || 'The Locust image the pods run'}
              SelectProps={{ renderValue: v => String(v) }}
              disabled={disabled}
            >
              {engines.map(e => (
                <MenuItem key={e.name} value={e.name}>
                  <ListItemText
                    primary={e.name}
                    secondary={[e.image, e.description]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </MenuItem>
              ))}
            </Input>
          </Grid>
        </Grid>

        <ListSection
          title="Resources per pod"
          help="CPU such as 500m or 2, memory such as 512Mi; empty uses the default shown"
          addLabel=""
        >
          {ROLES.map(role => (
            <Box
              key={role}
              display="grid"
              alignItems="start"
              style={{
                gridTemplateColumns: '56px repeat(4, minmax(0, 1fr))',
                columnGap: 8,
              }}
            >
              <Typography variant="body2" style={{ marginTop: 18 }}>
                {ROLE_LABELS[role]}
              </Typography>
              {COLUMNS.map(({ kind, amount }) => {
                const label = AMOUNT_LABELS[kind][amount];
                return (
                  <Input
                    key={`${kind}-${amount}`}
                    id={`kubernetes-resources-${role}-${kind}-${amount}`}
                    label={label}
                    placeholder={
                      settings?.defaultResources?.[role]?.[kind]?.[amount] ??
                      'default'
                    }
                    InputLabelProps={{ shrink: true }}
                    inputProps={{
                      'aria-label': `${ROLE_LABELS[role]} ${label}`,
                    }}
                    value={values.resources[role][kind][amount]}
                    onChange={e =>
                      set('resources', {
                        ...values.resources,
                        [role]: {
                          ...values.resources[role],
                          [kind]: {
                            ...values.resources[role][kind],
                            [amount]: e.target.value,
                          },
                        },
                      })
                    }
                    problem={
                      fields[`parameters.resources.${role}.${kind}.${amount}`]
                    }
                    disabled={disabled}
                  />
                );
              })}
            </Box>
          ))}
        </ListSection>

        <ListSection
          title="Host aliases"
          help="Extra /etc/hosts entries, to reach internal names"
          addLabel="Add host alias"
          onAdd={() => addRow('hostAliases')}
          disabled={disabled}
        >
          {values.hostAliases.map((r, i) => (
            <Row
              key={i}
              testId={`host-alias-${i}`}
              removeLabel={`Remove host alias ${i + 1}`}
              onRemove={() => removeRow('hostAliases', i)}
              disabled={disabled}
            >
              <Box flex="0 0 35%">
                <Input
                  id={`kubernetes-host-alias-${i}-ip`}
                  label="IP"
                  placeholder="10.0.0.5"
                  value={r.ip}
                  onChange={e =>
                    setRow('hostAliases', i, { ip: e.target.value })
                  }
                  problem={rowError('hostAliases', hostIndexes[i], 'ip')}
                  disabled={disabled}
                />
              </Box>
              <Input
                id={`kubernetes-host-alias-${i}-hostnames`}
                label="Host names"
                placeholder="shop-api.internal, auth.internal"
                value={r.hostnames}
                onChange={e =>
                  setRow('hostAliases', i, { hostnames: e.target.value })
                }
                problem={rowError('hostAliases', hostIndexes[i], 'hostnames')}
                disabled={disabled}
              />
            </Row>
          ))}
        </ListSection>

        <ListSection
          title="Node selector"
          help="Labels the nodes must have"
          addLabel="Add label"
          onAdd={() => addRow('nodeSelector')}
          disabled={disabled}
        >
          {values.nodeSelector.map((r, i) => {
            // the API names a label by its key, for a bad key and a bad value alike
            const message =
              nodeIndexes[i] === undefined
                ? undefined
                : fields[`parameters.nodeSelector.${r.key.trim()}`];
            const onValue = message !== undefined && /value/i.test(message);
            return (
              <Row
                key={i}
                testId={`node-selector-${i}`}
                removeLabel={`Remove node label ${i + 1}`}
                onRemove={() => removeRow('nodeSelector', i)}
                disabled={disabled}
              >
                <Input
                  id={`kubernetes-node-selector-${i}-key`}
                  label="Label"
                  placeholder="kubernetes.io/arch"
                  value={r.key}
                  onChange={e =>
                    setRow('nodeSelector', i, { key: e.target.value })
                  }
                  problem={onValue ? undefined : message}
                  disabled={disabled}
                />
                <Input
                  id={`kubernetes-node-selector-${i}-value`}
                  label="Value"
                  placeholder="amd64"
                  value={r.value}
                  onChange={e =>
                    setRow('nodeSelector', i, { value: e.target.value })
                  }
                  problem={onValue ? message : undefined}
                  disabled={disabled}
                />
              </Row>
            );
          })}
        </ListSection>

        <ListSection
          title="Tolerations"
          help="Taints the pods tolerate"
          addLabel="Add toleration"
          onAdd={() => addRow('tolerations')}
          disabled={disabled}
        >
          {values.tolerations.map((r, i) => {
            const error = (name: string) =>
              rowError('tolerations', tolerationIndexes[i], name);
            return (
              <Row
                key={i}
                testId={`toleration-${i}`}
                removeLabel={`Remove toleration ${i + 1}`}
                onRemove={() => removeRow('tolerations', i)}
                disabled={disabled}
              >
                <Input
                  id={`kubernetes-toleration-${i}-key`}
                  label="Key"
                  placeholder={r.operator === 'Exists' ? 'any' : 'dedicated'}
                  InputLabelProps={{ shrink: true }}
                  value={r.key}
                  onChange={e =>
                    setRow('tolerations', i, { key: e.target.value })
                  }
                  problem={error('key')}
                  disabled={disabled}
                />
                <Input
                  id={`kubernetes-toleration-${i}-operator`}
                  select
                  label="Operator"
                  SelectProps={{ native: true }}
                  value={r.operator}
                  onChange={e =>
                    setRow('tolerations', i, {
                      operator: e.target.value as TolerationRow['operator'],
                    })
                  }
                  problem={error('operator')}
                  disabled={disabled}
                >
                  <option value="Equal">Equal</option>
                  <option value="Exists">Exists</option>
                </Input>
                <Input
                  id={`kubernetes-toleration-${i}-value`}
                  label="Value"
                  value={r.operator === 'Exists' ? '' : r.value}
                  placeholder={r.operator === 'Exists' ? 'any' : 'load'}
                  InputLabelProps={{ shrink: true }}
                  onChange={e =>
                    setRow('tolerations', i, { value: e.target.value })
                  }
                  problem={error('value')}
                  disabled={disabled || r.operator === 'Exists'}
                />
                <Input
                  id={`kubernetes-toleration-${i}-effect`}
                  select
                  label="Effect"
                  SelectProps={{ native: true }}
                  value={r.effect}
                  onChange={e =>
                    setRow('tolerations', i, {
                      effect: e.target.value as TolerationRow['effect'],
                    })
                  }
                  problem={error('effect')}
                  disabled={disabled}
                >
                  <option value="">Any effect</option>
                  {EFFECTS.map(effect => (
                    <option key={effect} value={effect}>
                      {effect}
                    </option>
                  ))}
                </Input>
              </Row>
            );
          })}
        </ListSection>

        <ListSection
          title="Environment from secrets"
          help={
            secrets.length
              ? 'Variables the script reads from an allowed Secret'
              : 'No Secrets are allowed on this backend'
          }
          addLabel="Add variable"
          onAdd={
            secrets.length || values.secretEnv.length
              ? () => addRow('secretEnv')
              : undefined
          }
          disabled={disabled}
        >
          {values.secretEnv.map((r, i) => {
            const error = (name: string) =>
              rowError('secretEnv', secretIndexes[i], name);
            const options =
              r.secret && !secrets.includes(r.secret)
                ? [...secrets, r.secret]
                : secrets;
            return (
              <Row
                key={i}
                testId={`secret-env-${i}`}
                removeLabel={`Remove secret variable ${i + 1}`}
                onRemove={() => removeRow('secretEnv', i)}
                disabled={disabled}
              >
                <Input
                  id={`kubernetes-secret-env-${i}-name`}
                  label="Variable"
                  placeholder="API_TOKEN"
                  value={r.name}
                  onChange={e =>
                    setRow('secretEnv', i, { name: e.target.value })
                  }
                  problem={error('name')}
                  disabled={disabled}
                />
                <Input
                  id={`kubernetes-secret-env-${i}-secret`}
                  select
                  label="Secret"
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  value={r.secret}
                  onChange={e =>
                    setRow('secretEnv', i, { secret: e.target.value as string })
                  }
                  problem={error('secret')}
                  disabled={disabled}
                >
                  <option value="">Choose…</option>
                  {options.map(s => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Input>
                <Input
                  id={`kubernetes-secret-env-${i}-key`}
                  label="Key"
                  placeholder="token"
                  value={r.key}
                  onChange={e =>
                    setRow('secretEnv', i, { key: e.target.value })
                  }
                  problem={error('key')}
                  disabled={disabled}
                />
              </Row>
            );
          })}
        </ListSection>
      </AccordionDetails>
    </Accordion>
  );
}
