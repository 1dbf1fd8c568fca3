import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Run } from '@internal/plugin-load-testing-common';
import { formatSecondsPrecise } from '../common';

function Item(props: { label: string; value: string; testId?: string }) {
  return (
    <Typography variant="body2" component="span" data-testid={props.testId}>
      <Typography variant="body2" component="span" color="textSecondary">
        {props.label}{' '}
      </Typography>
      {props.value}
    </Typography>
  );
}

/**
 * Where a Kubernetes run's pods live and how long its workers took to be ready
 * (`waiting for workers…` until then). Nothing for other executors.
 */
export function KubernetesPlacement(props: { run: Run; live: boolean }) {
  const { run, live } = props;
  const k = run.kubernetes;
  if (run.executor !== 'kubernetes' && !k) return null;
  const p = run.parameters;
  const engine = [p.engine, k?.image && (p.engine ? `(${k.image})` : k.image)]
    .filter(Boolean)
    .join(' ');
  let ready: string | undefined;
  if (k?.workersReadySeconds !== undefined)
    ready = `Workers ready in ${formatSecondsPrecise(k.workersReadySeconds)}`;
  else if (live) ready = 'waiting for workers…';
  else ready = 'workers were never all ready';
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ columnGap: 20, rowGap: 4, marginTop: 4 }}
      data-testid="run-placement"
    >
      <Item label="Cluster" value={k?.cluster ?? p.cluster ?? 'default'} />
      {k?.namespace && <Item label="Namespace" value={k.namespace} />}
      {engine && <Item label="Engine" value={engine} />}
      <Typography
        variant="body2"
        component="span"
        color={
          k?.workersReadySeconds === undefined ? 'textSecondary' : 'textPrimary'
        }
        data-testid="run-workers-ready"
      >
        {ready}
      </Typography>
    </Box>
  );
}
