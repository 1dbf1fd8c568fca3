import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** Options of the small, fixed tables of the run page and the test set. */
export const staticTableOptions = {
  paging: false,
  search: false,
  padding: 'dense',
  sorting: false,
} as const;

/** The line a table shows when it has no rows yet. */
export function EmptyTableText(props: { children: ReactNode }) {
  return (
    <Typography color="textSecondary" style={{ padding: 16 }}>
      {props.children}
    </Typography>
  );
}
