import { InfoCard, LogViewer } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { RunNode } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useLogFollower } from '../../hooks';
import { EmptyTableText } from '../common';

/** Nodes that write a log, master first, then workers in order. */
export function logNodes(nodes: RunNode[] | undefined): string[] {
  const names = (nodes ?? [])
    .filter(n => n.role === 'master' || n.role === 'worker')
    .map(n => n.name);
  const num = (n: string) => Number(/(\d+)$/.exec(n)?.[1] ?? 0);
  const rank = (n: string) => (n === 'master' ? -1 : num(n));
  const sorted = [...new Set(names)].sort((a, b) => rank(a) - rank(b));
  return sorted.length ? sorted : ['master'];
}

function NodeLog(props: { runId: string; node: string; live: boolean }) {
  const log = useLogFollower(props.runId, props.node, props.live);
  if (!log.text) {
    return (
      <EmptyTableText>
        {log.loading ? 'Loading…' : (log.message ?? 'The log is empty.')}
      </EmptyTableText>
    );
  }
  return (
    <>
      {log.truncated && (
        <Typography variant="caption" color="textSecondary">
          Showing the end of the log.
        </Typography>
      )}
      <Box height={360} data-testid="node-log">
        <LogViewer text={log.text} />
      </Box>
    </>
  );
}

/** The log of each node, followed while the run is live. */
export function NodeLogs(props: {
  runId: string;
  nodes?: RunNode[];
  live: boolean;
}) {
  const names = logNodes(props.nodes);
  const [selected, setSelected] = useState('master');
  const node = names.includes(selected) ? selected : names[0];
  return (
    <InfoCard
      title="Logs"
      subheader={props.live ? 'Following while the run is live' : undefined}
      noPadding
    >
      <Tabs
        value={node}
        onChange={(_e, v) => setSelected(v)}
        indicatorColor="primary"
        variant="scrollable"
      >
        {names.map(n => (
          <Tab key={n} value={n} label={n} />
        ))}
      </Tabs>
      <Box p={1}>
        <NodeLog key={node} runId={props.runId} node={node} live={props.live} />
      </Box>
    </InfoCard>
  );
}
