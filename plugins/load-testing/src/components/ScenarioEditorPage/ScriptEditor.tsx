import { python } from '@codemirror/lang-python';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import FormHelperText from '@material-ui/core/FormHelperText';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useState } from 'react';

const useStyles = makeStyles(theme => ({
  frame: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    fontSize: 13,
  },
  error: { borderColor: theme.palette.error.main },
}));

const extensions = [python(), lintGutter()];

/** The Locust file, in a Python code editor; an error about a line is marked on it. */
export function ScriptEditor(props: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** The line `error` is about. */
  errorLine?: number;
  /** Said under the editor when there is no error. */
  help?: string;
  readOnly?: boolean;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const [view, setView] = useState<EditorView>();
  const { error, errorLine } = props;

  useEffect(() => {
    if (!view) return;
    const doc = view.state.doc;
    const diagnostics =
      error && errorLine && errorLine >= 1 && errorLine <= doc.lines
        ? [
            {
              from: doc.line(errorLine).from,
              to: doc.line(errorLine).to,
              severity: 'error' as const,
              message: `Script ${error}`,
            },
          ]
        : [];
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [view, error, errorLine]);

  return (
    <div>
      <div
        className={`${classes.frame} ${error ? classes.error : ''}`}
        data-testid="script-editor"
      >
        <CodeMirror
          value={props.value}
          onChange={props.onChange}
          onCreateEditor={setView}
          extensions={extensions}
          theme={theme.palette.type === 'dark' ? 'dark' : 'light'}
          height="520px"
          editable={!props.readOnly}
          basicSetup={{ tabSize: 4 }}
          aria-label="Locust script"
        />
      </div>
      <FormHelperText error={Boolean(error)} data-testid="script-help">
        {error
          ? `Script ${error}`
          : (props.help ??
            'A Locust file: at least one HttpUser class with @task methods. Paths are relative to the target host.')}
      </FormHelperText>
    </div>
  );
}
