import { MarkdownContent } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Divider from '@material-ui/core/Divider';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import {
  MAX_CONCLUSIONS_BYTES,
  ReportConclusions,
  RunReport,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { Gate } from '../../hooks';
import { GatedButton, formatDateTime, formatPrincipal } from '../common';

function Byline(props: { c: ReportConclusions; testId?: string }) {
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      display="block"
      data-testid={props.testId}
    >
      {formatPrincipal(props.c.author)}, {formatDateTime(props.c.createdAt)}
    </Typography>
  );
}

/** The newest conclusions in markdown, an editor that saves a new version, and the earlier ones. */
export function ConclusionsPanel(props: {
  report: RunReport;
  gate: Gate;
  busy: boolean;
  onSave: (body: string) => Promise<boolean>;
}) {
  const { report, gate, busy } = props;
  const [draft, setDraft] = useState<string>();
  const [showHistory, setShowHistory] = useState(false);
  const current = report.conclusions;
  const earlier = report.conclusionHistory.slice(1);
  const bytes =
    draft === undefined ? 0 : new TextEncoder().encode(draft).length;
  const tooLong = bytes > MAX_CONCLUSIONS_BYTES;

  const save = async () => {
    if (draft === undefined) return;
    if (await props.onSave(draft)) setDraft(undefined);
  };

  const shown = current ? (
    <Box data-testid="conclusions">
      <MarkdownContent content={current.body} />
      <Byline c={current} testId="conclusions-byline" />
    </Box>
  ) : (
    <Typography variant="body2" color="textSecondary">
      No conclusions yet.
    </Typography>
  );

  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h6">Conclusions</Typography>
        <Box flexGrow={1} />
        {draft === undefined && (
          <GatedButton
            gate={gate}
            size="small"
            startIcon={<EditIcon />}
            onClick={() => setDraft(current?.body ?? '')}
          >
            {current ? 'Edit' : 'Write conclusions'}
          </GatedButton>
        )}
      </Box>
      {draft !== undefined ? (
        <Box mt={1}>
          <TextField
            multiline
            fullWidth
            minRows={6}
            variant="outlined"
            label="Conclusions (markdown)"
            value={draft}
            error={tooLong}
            helperText={
              tooLong
                ? `${bytes} bytes: at most ${MAX_CONCLUSIONS_BYTES}`
                : 'Saving keeps the earlier versions'
            }
            inputProps={{ 'data-testid': 'conclusions-editor' }}
            onChange={e => setDraft(e.target.value)}
          />
          <Box mt={1} display="flex" style={{ gap: 8 }}>
            <GatedButton
              gate={gate}
              variant="contained"
              color="primary"
              disabled={busy || tooLong || draft.trim() === ''}
              disabledReason={
                draft.trim() === '' ? 'Write something first' : undefined
              }
              onClick={save}
            >
              Save conclusions
            </GatedButton>
            <Button onClick={() => setDraft(undefined)} disabled={busy}>
              Cancel
            </Button>
          </Box>
        </Box>
      ) : (
        shown
      )}
      {earlier.length > 0 && (
        <Box mt={1}>
          <Button size="small" onClick={() => setShowHistory(v => !v)}>
            {showHistory ? 'Hide' : 'Show'} {earlier.length} earlier{' '}
            {earlier.length === 1 ? 'version' : 'versions'}
          </Button>
          <Collapse in={showHistory} unmountOnExit>
            {earlier.map((c, i) => (
              <Box
                key={`${c.createdAt}-${i}`}
                mt={1}
                data-testid="conclusions-version"
              >
                <Divider />
                <Box mt={1}>
                  <Byline c={c} />
                  <MarkdownContent content={c.body} />
                </Box>
              </Box>
            ))}
          </Collapse>
        </Box>
      )}
    </Box>
  );
}
