import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import {
  MAX_ISSUE_TITLE_LENGTH,
  RunReport,
  checkIssueUrl,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { Gate } from '../../hooks';
import { GatedButton, formatDateTime, formatPrincipal } from '../common';
import { GatedControl } from './GatedControl';

const FILE_LABELS = {
  github: 'File a GitHub issue',
  jira: 'File a Jira issue',
};

/** Issues linked to the run, a form to link one, and links that file a new one. */
export function IssuesPanel(props: {
  report: RunReport;
  gate: Gate;
  busy: boolean;
  fieldErrors: Record<string, string>;
  onAdd: (issue: { url: string; title: string }) => Promise<boolean>;
  onRemove: (issueId: string) => void;
}) {
  const { report, gate, busy, fieldErrors } = props;
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const urlError = url ? checkIssueUrl(url.trim())[0]?.message : undefined;

  const add = async () => {
    if (await props.onAdd({ url: url.trim(), title: title.trim() })) {
      setUrl('');
      setTitle('');
    }
  };

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6">Linked issues</Typography>
        <Box flexGrow={1} />
        {report.fileIssueLinks.map(l => (
          <Button
            key={l.kind}
            size="small"
            variant="outlined"
            href={l.url}
            target="_blank"
            rel="noopener noreferrer"
            endIcon={<OpenInNewIcon />}
            data-testid={`file-issue-${l.kind}`}
          >
            {FILE_LABELS[l.kind]}
          </Button>
        ))}
      </Box>
      {report.issues.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No linked issues.
        </Typography>
      ) : (
        <Box component="ul" pl={2} my={1}>
          {report.issues.map(i => (
            <li key={i.id} data-testid="report-issue">
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <Link to={i.url} target="_blank" rel="noopener noreferrer">
                  {i.title}
                </Link>
                <Typography variant="caption" color="textSecondary">
                  {formatPrincipal(i.addedBy)}, {formatDateTime(i.addedAt)}
                </Typography>
                <GatedControl gate={gate}>
                  <Tooltip title={gate.allowed ? 'Unlink' : ''}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={`Unlink ${i.title}`}
                        disabled={busy || !gate.allowed}
                        onClick={() => props.onRemove(i.id)}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                </GatedControl>
              </Box>
            </li>
          ))}
        </Box>
      )}
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-start"
        mt={1}
        style={{ gap: 8 }}
      >
        <TextField
          size="small"
          variant="outlined"
          label="Issue URL"
          placeholder="https://github.com/org/repo/issues/1"
          value={url}
          disabled={!gate.allowed}
          error={Boolean(urlError ?? fieldErrors.url)}
          helperText={urlError ?? fieldErrors.url}
          style={{ minWidth: 320, flexGrow: 1 }}
          inputProps={{ 'aria-label': 'Issue URL', maxLength: 2000 }}
          onChange={e => setUrl(e.target.value)}
        />
        <TextField
          size="small"
          variant="outlined"
          label="Title"
          value={title}
          disabled={!gate.allowed}
          error={Boolean(fieldErrors.title)}
          helperText={fieldErrors.title}
          style={{ minWidth: 240, flexGrow: 1 }}
          inputProps={{
            'aria-label': 'Issue title',
            maxLength: MAX_ISSUE_TITLE_LENGTH,
          }}
          onChange={e => setTitle(e.target.value)}
        />
        <GatedButton
          gate={gate}
          variant="outlined"
          disabled={busy || !url.trim() || !title.trim() || Boolean(urlError)}
          onClick={add}
        >
          Link issue
        </GatedButton>
      </Box>
    </Box>
  );
}
