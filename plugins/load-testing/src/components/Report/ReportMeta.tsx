import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  REPORT_STATUSES,
  REPORT_TAG_LIMITS,
  ReportPatch,
  ReportStatus,
  RunReport,
  checkReportTags,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { Gate } from '../../hooks';
import { GatedButton, formatDateTime, formatPrincipal } from '../common';
import { GatedControl } from './GatedControl';

const STATUS_LABELS: Record<ReportStatus, string> = {
  accepted: 'Accepted',
  regression: 'Regression',
  investigating: 'Investigating',
  invalid: 'Invalid',
};

/** The report's status (with who set it), tags and archive switch. */
export function ReportMeta(props: {
  report: RunReport;
  gate: Gate;
  busy: boolean;
  onChange: (patch: ReportPatch) => Promise<boolean>;
}) {
  const { report, gate, busy, onChange } = props;
  const [tag, setTag] = useState('');
  const disabled = busy || !gate.allowed;
  let tagError: string | undefined;
  if (tag && report.tags.length >= REPORT_TAG_LIMITS.maxTags)
    tagError = `A report has at most ${REPORT_TAG_LIMITS.maxTags} tags`;
  else if (tag) tagError = checkReportTags([tag.trim()])[0]?.message;
  const addTag = async () => {
    const t = tag.trim();
    if (!t || tagError) return;
    if (
      report.tags.includes(t) ||
      (await onChange({ tags: [...report.tags, t] }))
    )
      setTag('');
  };

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 24 }}
    >
      <Box minWidth={220}>
        <GatedControl gate={gate}>
          <TextField
            select
            id="report-status"
            label="Status"
            variant="outlined"
            size="small"
            value={report.status ?? ''}
            disabled={disabled}
            style={{ minWidth: 200 }}
            inputProps={{ 'data-testid': 'report-status' }}
            onChange={e =>
              onChange({
                status: (e.target.value || null) as ReportStatus | null,
              })
            }
          >
            <MenuItem value="">
              <em>None</em>
            </MenuItem>
            {REPORT_STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {STATUS_LABELS[s]}
              </MenuItem>
            ))}
          </TextField>
        </GatedControl>
        {report.status && (
          <Typography
            variant="caption"
            color="textSecondary"
            display="block"
            data-testid="report-status-by"
          >
            set by {formatPrincipal(report.statusSetBy)},{' '}
            {formatDateTime(report.statusSetAt)}
          </Typography>
        )}
      </Box>
      <Box flexGrow={1} minWidth={280}>
        <Typography variant="caption" color="textSecondary" display="block">
          Tags
        </Typography>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 6 }}
        >
          {report.tags.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              none
            </Typography>
          )}
          {report.tags.map(t => (
            <Chip
              key={t}
              label={t}
              size="small"
              data-testid="report-tag"
              onDelete={
                disabled
                  ? undefined
                  : () => onChange({ tags: report.tags.filter(x => x !== t) })
              }
            />
          ))}
        </Box>
        <Box display="flex" alignItems="flex-start" mt={1} style={{ gap: 8 }}>
          <TextField
            size="small"
            variant="outlined"
            label="Add a tag"
            value={tag}
            disabled={disabled}
            error={Boolean(tagError)}
            helperText={tagError ?? 'letters, digits and . _ : / -'}
            inputProps={{ maxLength: 40, 'aria-label': 'Add a tag' }}
            onChange={e => setTag(e.target.value)}
            onKeyDown={e => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addTag();
              }
            }}
          />
          <GatedButton
            gate={gate}
            variant="outlined"
            disabled={busy || !tag.trim() || Boolean(tagError)}
            onClick={addTag}
          >
            Add tag
          </GatedButton>
        </Box>
      </Box>
      <Box>
        <GatedControl gate={gate}>
          <FormControlLabel
            control={
              <Switch
                checked={report.archived}
                disabled={disabled}
                color="primary"
                inputProps={{ 'aria-label': 'Archived' }}
                onChange={e => onChange({ archived: e.target.checked })}
              />
            }
            label="Archived"
          />
        </GatedControl>
        <Typography variant="caption" color="textSecondary" display="block">
          {report.archived
            ? 'Kept after the retention of runs'
            : 'Archive it to keep it past the retention of runs'}
        </Typography>
      </Box>
    </Box>
  );
}
