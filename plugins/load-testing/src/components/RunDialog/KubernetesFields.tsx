import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  KubernetesSecretRule,
  KubernetesSettings,
  normalizeEntityRef,
} from '@internal/plugin-load-testing-common';
import { Input } from './kubernetesInputs';
import { ListProps } from './RowList';
import {
  KubernetesValues,
  ListKey,
  describeCustomizations,
  effectiveChoice,
  isKubernetesField,
} from './kubernetesValues';
import {
  HostAliasesSection,
  NodeSelectorSection,
  SecretEnvSection,
  TolerationsSection,
} from './ListSections';
import { ResourcesSection } from './ResourcesSection';

/** The Secrets runs of the entity may read. */
export function secretRulesOf(
  settings: KubernetesSettings | undefined,
  entityRef: string,
): KubernetesSecretRule[] {
  const ref = normalizeEntityRef(entityRef);
  return (settings?.secrets ?? []).filter(r => ref && r.entities.includes(ref));
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
  /** The entity whose scenario runs: the Secrets it may read depend on it. */
  entityRef: string;
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
  /** What a list section needs: its rows, and how to change them. */
  const list = <K extends ListKey>(key: K): ListProps<K> => ({
    rows: values[key],
    onChange: rows => set(key, rows),
    onRowsChanged: () => props.onRowsChanged?.(key),
    fields,
    disabled,
  });

  const clusters = [...(settings?.clusters ?? [])];
  if (cluster && !clusters.includes(cluster)) clusters.push(cluster);
  const engines = [...(settings?.engines ?? [])];
  if (engine && !engines.some(e => e.name === engine))
    engines.push({ name: engine, image: '' });
  const image = engines.find(e => e.name === engine)?.image;

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

        <ResourcesSection
          values={values.resources}
          onChange={resources => set('resources', resources)}
          defaults={settings?.defaultResources}
          fields={fields}
          disabled={disabled}
        />
        <HostAliasesSection {...list('hostAliases')} />
        <NodeSelectorSection
          {...list('nodeSelector')}
          keys={settings?.allowedNodeSelectorKeys ?? []}
        />
        <TolerationsSection
          {...list('tolerations')}
          allowed={settings?.allowedTolerations ?? []}
        />
        <SecretEnvSection
          {...list('secretEnv')}
          rules={secretRulesOf(settings, props.entityRef)}
        />
      </AccordionDetails>
    </Accordion>
  );
}
