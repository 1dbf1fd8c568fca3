import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { finishedRun } from '../../__fixtures__';
import { ReportMarker } from './ReportMarker';

describe('ReportMarker', () => {
  it('shows the report status and marks conclusions', async () => {
    await renderInTestApp(
      <ReportMarker
        run={{
          ...finishedRun,
          reportStatus: 'regression',
          hasConclusions: true,
        }}
      />,
    );
    expect(screen.getByTestId('report-marker')).toHaveTextContent('regression');
    expect(
      screen.getByRole('img', { name: 'Has conclusions' }),
    ).toBeInTheDocument();
  });

  it('shows a dash for a run nobody wrote about', async () => {
    await renderInTestApp(<ReportMarker run={finishedRun} />);
    expect(screen.queryByTestId('report-marker')).toBeNull();
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
