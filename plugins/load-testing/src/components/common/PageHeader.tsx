import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { Alert, AlertTitle } from '@material-ui/lab';
import { ReactNode, useState } from 'react';
import { ApiProblem, toApiProblem } from '../../api';
import { Gate } from '../../hooks';

/** A button back to the page the user came from. */
export function BackButton(props: {
  to: string;
  children: ReactNode;
  size?: 'small';
}) {
  return (
    <Button
      component={Link}
      to={props.to}
      startIcon={<ArrowBackIcon />}
      size={props.size}
    >
      {props.children}
    </Button>
  );
}

/** A page's top line: back to where it came from, its title, its actions. */
export function PageHeader(props: {
  backTo: string;
  backLabel: string;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
      <BackButton to={props.backTo}>{props.backLabel}</BackButton>
      <Typography variant="h5" style={{ flexGrow: 1 }}>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** Why the editor cannot save, once the gate has said no. */
export function ReadOnlyNotice(props: { gate: Gate }) {
  const { gate } = props;
  if (gate.allowed || gate.loading) return null;
  return (
    <Alert severity="info" style={{ marginTop: 16 }}>
      Read only: {gate.reason}
    </Alert>
  );
}

/**
 * Why a save failed: the problem's message, or the field errors the form does not show
 * next to an input (`shown` tells which it does).
 */
export function SaveProblem(props: {
  problem?: ApiProblem;
  /** `plan`, `scenario`: what was not saved. */
  noun: string;
  shown: (field: string) => boolean;
  testId: string;
}) {
  const { problem } = props;
  if (!problem) return null;
  const fields = problem.fields ?? {};
  const other = Object.entries(fields).filter(([f]) => !props.shown(f));
  return (
    <Alert
      severity="error"
      style={{ marginTop: 16 }}
      data-testid={props.testId}
    >
      <AlertTitle>
        {problem.status === 403
          ? 'Not allowed'
          : `The ${props.noun} was not saved`}
      </AlertTitle>
      {Object.keys(fields).length === 0 && problem.message}
      {Object.keys(fields).length > 0 &&
        other.length === 0 &&
        'Fix the highlighted fields.'}
      {other.map(([f, m]) => (
        <div key={f}>{`${f} ${m}`}</div>
      ))}
    </Alert>
  );
}

/**
 * Saving from an editor: `submit` runs the save (which leaves the page when it is done),
 * `saving` while it runs; when it fails, the editor stays and `problem` says why.
 */
export function useSave() {
  const [problem, setProblem] = useState<ApiProblem>();
  const [saving, setSaving] = useState(false);
  const submit = async (save: () => Promise<void>) => {
    setSaving(true);
    setProblem(undefined);
    try {
      await save();
    } catch (e) {
      setProblem(toApiProblem(e));
      setSaving(false);
    }
  };
  return { problem, setProblem, saving, submit };
}
