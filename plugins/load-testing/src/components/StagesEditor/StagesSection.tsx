import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { StagesEditor } from './StagesEditor';
import { StageValues } from './stagesCurve';

/**
 * The stages editor folded away as an advanced section; open at first when there
 * are stages or one of them has a message.
 */
export function StagesSection(props: {
  value: StageValues[];
  onChange: (value: StageValues[]) => void;
  fields: Record<string, string>;
  disabled?: boolean;
  idPrefix?: string;
}) {
  const { value, fields } = props;
  const hasError = Object.keys(fields).some(f =>
    f.startsWith('parameters.stages'),
  );
  const [open, setOpen] = useState(value.length > 0);
  return (
    <Accordion
      expanded={open || hasError}
      onChange={(_, next) => setOpen(next)}
      variant="outlined"
      style={{ marginTop: 12 }}
      data-testid="stages-section"
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Box>
          <Typography variant="subtitle2">Advanced: stages</Typography>
          <Typography variant="caption" color="textSecondary">
            {value.length
              ? `${value.length} stage${value.length === 1 ? '' : 's'}: they set the users over time, and the last one ends the run`
              : 'Users over time instead of one steady load'}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        <StagesEditor
          value={value}
          onChange={props.onChange}
          fields={fields}
          disabled={props.disabled}
          idPrefix={props.idPrefix}
        />
      </AccordionDetails>
    </Accordion>
  );
}
