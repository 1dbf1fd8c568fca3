import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  RunError,
  RunException,
  scriptLineOf,
} from '@internal/plugin-load-testing-common';
import { EmptyTableText, formatCount } from '../common';

type ErrorRow = RunError & { id: string };
type ExceptionRow = RunException & { id: string };

const errorColumns: TableColumn<ErrorRow>[] = [
  {
    title: 'Occurrences',
    align: 'right',
    width: '120px',
    render: r => formatCount(r.occurrences),
  },
  { title: 'Method', field: 'method', width: '80px' },
  { title: 'Name', field: 'name' },
  {
    title: 'Error',
    field: 'error',
    render: r => <code style={{ whiteSpace: 'pre-wrap' }}>{r.error}</code>,
  },
];

const exceptionColumns: TableColumn<ExceptionRow>[] = [
  {
    title: 'Count',
    align: 'right',
    width: '80px',
    render: r => formatCount(r.count),
  },
  {
    title: 'Exception',
    render: r => (
      <code style={{ whiteSpace: 'pre-wrap' }}>
        {r.type ? `${r.type}: ${r.msg}` : r.msg}
      </code>
    ),
  },
  {
    title: 'Script line',
    width: '100px',
    render: r => scriptLineOf(r.traceback) ?? '—',
  },
  { title: 'Nodes', render: r => r.nodes.join(', ') },
];

/** Failed requests grouped by error, and exceptions raised in the script. */
export function ErrorsTable(props: {
  errors?: { errors: RunError[]; exceptions: RunException[] };
}) {
  const errors = (props.errors?.errors ?? []).map(e => ({
    ...e,
    id: `${e.method} ${e.name} ${e.error}`,
  }));
  const exceptions = (props.errors?.exceptions ?? []).map((e, i) => ({
    ...e,
    id: String(i),
  }));
  return (
    <Box data-testid="errors-table">
      <Table<ErrorRow>
        title="Failures"
        columns={errorColumns}
        data={errors}
        options={{
          paging: errors.length > 10,
          pageSize: 10,
          search: false,
          padding: 'dense',
        }}
        emptyContent={<EmptyTableText>No failed requests.</EmptyTableText>}
      />
      {exceptions.length > 0 && (
        <Box mt={2}>
          <Table<ExceptionRow>
            title="Exceptions in the script"
            columns={exceptionColumns}
            data={exceptions}
            options={{ paging: false, search: false, padding: 'dense' }}
            detailPanel={({ rowData }) => (
              <Box
                component="pre"
                p={2}
                m={0}
                style={{ overflowX: 'auto', fontSize: 12 }}
              >
                {rowData.traceback}
              </Box>
            )}
          />
        </Box>
      )}
    </Box>
  );
}
