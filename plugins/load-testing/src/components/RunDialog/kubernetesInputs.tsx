import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import { ReactNode } from 'react';

/** A compact outlined input; its API message replaces the help when there is one. */
export function Input(
  props: TextFieldProps & { problem?: string; help?: string },
) {
  const { problem, help, ...rest } = props;
  return (
    <TextField
      variant="outlined"
      margin="dense"
      size="small"
      fullWidth
      {...rest}
      error={Boolean(problem)}
      helperText={problem ?? help}
    />
  );
}

/** A list of rows under a heading, with its Add button. */
export function ListSection(props: {
  title: string;
  help: string;
  addLabel: string;
  onAdd?: () => void;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <Box mt={1.5}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2">{props.title}</Typography>
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ flexGrow: 1 }}
        >
          {props.help}
        </Typography>
        {props.onAdd && (
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={props.onAdd}
            disabled={props.disabled}
          >
            {props.addLabel}
          </Button>
        )}
      </Box>
      {props.children}
    </Box>
  );
}

export function Row(props: {
  testId: string;
  removeLabel: string;
  onRemove: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Box
      display="flex"
      alignItems="flex-start"
      style={{ gap: 8 }}
      data-testid={props.testId}
    >
      {props.children}
      <IconButton
        aria-label={props.removeLabel}
        onClick={props.onRemove}
        disabled={props.disabled}
        size="small"
        style={{ marginTop: 12 }}
      >
        <DeleteOutlineIcon fontSize="small" />
      </IconButton>
    </Box>
  );
}
