import { python } from '@codemirror/lang-python';
import FormHelperText from '@material-ui/core/FormHelperText';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import CodeMirror from '@uiw/react-codemirror';

const useStyles = makeStyles(theme => ({
  frame: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    fontSize: 13,
  },
  error: { borderColor: theme.palette.error.main },
}));

const extensions = [python()];

/** The Locust file, in a Python code editor. */
export function ScriptEditor(props: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  readOnly?: boolean;
}) {
  const classes = useStyles();
  const theme = useTheme();
  return (
    <div>
      <div
        className={`${classes.frame} ${props.error ? classes.error : ''}`}
        data-testid="script-editor"
      >
        <CodeMirror
          value={props.value}
          onChange={props.onChange}
          extensions={extensions}
          theme={theme.palette.type === 'dark' ? 'dark' : 'light'}
          height="520px"
          editable={!props.readOnly}
          basicSetup={{ tabSize: 4 }}
          aria-label="Locust script"
        />
      </div>
      <FormHelperText error={Boolean(props.error)}>
        {props.error
          ? `Script ${props.error}`
          : 'A Locust file: at least one HttpUser class with @task methods. Paths are relative to the target host.'}
      </FormHelperText>
    </div>
  );
}
