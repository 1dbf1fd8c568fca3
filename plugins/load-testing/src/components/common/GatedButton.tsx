import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { Gate } from '../../hooks';

/**
 * A button that is disabled when the user may not do its action, with the
 * reason as a tooltip (a disabled button cannot show one itself, so a span does).
 */
export function GatedButton(
  props: ButtonProps & { gate: Gate; disabledReason?: string },
) {
  const { gate, disabledReason, disabled, ...rest } = props;
  let reason = gate.allowed ? undefined : gate.reason;
  if (gate.allowed && disabled) reason = disabledReason;
  const button = <Button {...rest} disabled={disabled || !gate.allowed} />;
  if (!reason) return button;
  return (
    <Tooltip title={reason}>
      <span style={{ display: 'inline-block' }}>{button}</span>
    </Tooltip>
  );
}
