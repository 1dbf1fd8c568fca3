import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';

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

/**
 * The page a server-paged table shows: `page` and `pageSize` for the query, `setPage`
 * to go back to the first one, and the props of the table that pages through them.
 */
export function useServerPaging(pageSizes: number[]) {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(pageSizes[0]);
  return {
    page,
    pageSize,
    setPage,
    tableProps: {
      page,
      onPageChange: (p: number) => setPage(p),
      onRowsPerPageChange: (size: number) => {
        setPageSize(size);
        setPage(0);
      },
    },
    options: {
      paging: true,
      pageSize,
      pageSizeOptions: pageSizes,
      search: false,
      padding: 'dense' as const,
      emptyRowsWhenPaging: false,
    },
  };
}
