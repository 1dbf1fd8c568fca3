import { TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Tooltip from '@material-ui/core/Tooltip';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import {
  COMPARE_MAX_RUNS,
  COMPARE_MIN_RUNS,
  RunSummaryRow,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { compareRouteRef } from '../../routes';

/** Runs picked for a comparison, in the order picked (the first is the reference). */
export function useCompareSelection() {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) =>
    setSelected(s => (s.includes(id) ? s.filter(x => x !== id) : [...s, id]));
  const column: TableColumn<RunSummaryRow> = {
    // the Compare button above names the column; a header would read as a second one
    title: '',
    width: '48px',
    sorting: false,
    render: r => {
      const checked = selected.includes(r.id);
      const full = !checked && selected.length >= COMPARE_MAX_RUNS;
      const running = !isTerminalStatus(r.status);
      const box = (
        <Checkbox
          size="small"
          checked={checked}
          disabled={full || running}
          onChange={() => toggle(r.id)}
          inputProps={{ 'aria-label': `Compare run ${r.id}` }}
          data-testid={`compare-select-${r.id}`}
        />
      );
      if (!full && !running) return box;
      return (
        <Tooltip
          title={
            running
              ? 'The run has not ended yet'
              : `At most ${COMPARE_MAX_RUNS} runs at once`
          }
        >
          <span>{box}</span>
        </Tooltip>
      );
    },
  };
  return { selected, setSelected, column };
}

/** The Compare button of the run history. */
export function CompareSelection(props: {
  selection: ReturnType<typeof useCompareSelection>;
}) {
  const compareLink = useRouteRef(compareRouteRef);
  const navigate = useNavigate();
  const { selected } = props.selection;
  const ready =
    selected.length >= COMPARE_MIN_RUNS && selected.length <= COMPARE_MAX_RUNS;
  const button = (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={<CompareArrowsIcon />}
      disabled={!ready}
      style={{ marginLeft: 8, whiteSpace: 'nowrap' }}
      onClick={() =>
        navigate(
          `${compareLink()}?runs=${selected.map(encodeURIComponent).join(',')}`,
        )
      }
    >
      Compare{selected.length ? ` (${selected.length})` : ''}
    </Button>
  );
  if (ready) return button;
  return (
    <Tooltip
      title={`Tick ${COMPARE_MIN_RUNS} to ${COMPARE_MAX_RUNS} runs that ended to compare them`}
    >
      <span>{button}</span>
    </Tooltip>
  );
}
