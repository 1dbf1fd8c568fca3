import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { KubernetesSettings } from '@internal/plugin-load-testing-common';
import { Input, ListSection } from './kubernetesInputs';
import {
  AMOUNTS,
  Amount,
  KINDS,
  Kind,
  ROLES,
  ResourceValues,
  Role,
} from './kubernetesValues';

const AMOUNT_LABELS: Record<Kind, Record<Amount, string>> = {
  requests: { cpu: 'CPU request', memory: 'Memory request' },
  limits: { cpu: 'CPU limit', memory: 'Memory limit' },
};
// what fits above a narrow field; the full name is the accessible one
const SHORT_LABELS: Record<Kind, Record<Amount, string>> = {
  requests: { cpu: 'CPU request', memory: 'Mem. request' },
  limits: { cpu: 'CPU limit', memory: 'Mem. limit' },
};
/** CPU request and limit side by side, then memory. */
const COLUMNS = AMOUNTS.flatMap(amount =>
  KINDS.map(kind => ({ kind, amount })),
);
const ROLE_LABELS: Record<Role, string> = {
  master: 'Master',
  worker: 'Worker',
};

/** CPU and memory requests and limits of the master and worker pods. */
export function ResourcesSection(props: {
  values: ResourceValues;
  onChange: (values: ResourceValues) => void;
  /** Shown as placeholders: what an empty amount gets. */
  defaults?: KubernetesSettings['defaultResources'];
  fields: Record<string, string>;
  disabled?: boolean;
}) {
  const { values, fields, disabled } = props;
  return (
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
                label={SHORT_LABELS[kind][amount]}
                placeholder={
                  props.defaults?.[role]?.[kind]?.[amount] ?? 'default'
                }
                InputLabelProps={{ shrink: true }}
                inputProps={{
                  'aria-label': `${ROLE_LABELS[role]} ${label}`,
                }}
                value={values[role][kind][amount]}
                onChange={e =>
                  props.onChange({
                    ...values,
                    [role]: {
                      ...values[role],
                      [kind]: {
                        ...values[role][kind],
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
  );
}
