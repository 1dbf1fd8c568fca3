import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import { Alert } from '@material-ui/lab';
import { ScenarioSourceState } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { Gate } from '../../hooks';
import { GatedButton, formatDateTime } from '../common';

/**
 * Where the entity's repository scenarios come from, when they were last read, why the
 * last read failed (the scenarios stay as they were), and "Sync now".
 */
export function SourceBanner(props: {
  entityRef: string;
  source: ScenarioSourceState;
  gate: Gate;
  onSynced: () => void;
}) {
  const { source } = props;
  const api = useApi(loadTestingApiRef);
  const [syncing, setSyncing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const sync = async () => {
    setSyncing(true);
    setProblem(undefined);
    try {
      await api.syncScenarioSource(props.entityRef);
      props.onSynced();
    } catch (e) {
      setProblem(toApiProblem(e).message);
    } finally {
      setSyncing(false);
    }
  };
  const button = (
    <GatedButton
      gate={props.gate}
      size="small"
      variant="outlined"
      startIcon={<SyncIcon />}
      onClick={sync}
      disabled={syncing}
    >
      {syncing ? 'Syncing…' : 'Sync now'}
    </GatedButton>
  );
  return (
    <Box data-testid="scenario-source">
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <Typography variant="body2" color="textSecondary">
          Scenarios from the repository:{' '}
          <Link to={source.url}>{source.url}</Link>
          {source.syncedAt
            ? ` · read ${formatDateTime(source.syncedAt)}`
            : ' · not read yet'}
        </Typography>
        {button}
      </Box>
      {source.error && (
        <Alert
          severity="error"
          style={{ marginTop: 8 }}
          data-testid="scenario-source-error"
        >
          The repository's scenarios could not be read
          {source.errorAt ? ` (${formatDateTime(source.errorAt)})` : ''}; those
          below are from the last good read.
          <Box
            component="pre"
            m={0}
            mt={1}
            style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}
          >
            {source.error}
          </Box>
        </Alert>
      )}
      {problem && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          Could not sync: {problem}
        </Alert>
      )}
    </Box>
  );
}
