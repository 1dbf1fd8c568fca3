import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement } from 'react';
import { Gate } from '../../hooks';

/** A control shown disabled when the user may not use it, with the reason as a tooltip. */
export function GatedControl(props: { gate: Gate; children: ReactElement }) {
  if (props.gate.allowed) return props.children;
  return (
    <Tooltip title={props.gate.reason ?? ''}>
      <span style={{ display: 'inline-block' }}>{props.children}</span>
    </Tooltip>
  );
}
