import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { StagesEditor } from './StagesEditor';
import { StageValues, fromStageValues, stagesCurve } from './stagesCurve';

describe('stagesCurve', () => {
  it('ramps each stage at its spawn rate, then holds until its end', () => {
    expect(
      stagesCurve([
        { duration: 10, users: 10, spawnRate: 5 },
        { duration: 30, users: 40, spawnRate: 10 },
        { duration: 40, users: 0, spawnRate: 20 },
      ]),
    ).toEqual([
      { t: 0, users: 0 },
      { t: 2, users: 10 },
      { t: 10, users: 10 },
      { t: 13, users: 40 },
      { t: 30, users: 40 },
      { t: 32, users: 0 },
      { t: 40, users: 0 },
    ]);
  });

  it('stops a ramp where its stage ends when the spawn rate is too slow', () => {
    expect(stagesCurve([{ duration: 4, users: 100, spawnRate: 5 }])).toEqual([
      { t: 0, users: 0 },
      { t: 4, users: 20 },
    ]);
  });

  it('draws nothing for incomplete or unordered stages', () => {
    expect(
      stagesCurve(
        fromStageValues([{ duration: '', users: '10', spawnRate: '1' }]),
      ),
    ).toEqual([]);
    expect(
      stagesCurve([
        { duration: 20, users: 10, spawnRate: 1 },
        { duration: 10, users: 5, spawnRate: 1 },
      ]),
    ).toEqual([]);
  });
});

function Harness(props: {
  initial: StageValues[];
  fields?: Record<string, string>;
  onValue?: (v: StageValues[]) => void;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <StagesEditor
      value={value}
      fields={props.fields}
      onChange={v => {
        setValue(v);
        props.onValue?.(v);
      }}
    />
  );
}

const cell = (row: number, label: string) =>
  screen.getByLabelText(`Stage ${row} ${label}`) as HTMLInputElement;

describe('StagesEditor', () => {
  it('adds, edits, reorders and removes stages, with the planned users drawn', async () => {
    const onValue = jest.fn();
    await renderInTestApp(<Harness initial={[]} onValue={onValue} />);
    expect(screen.getByText(/No stages/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Add stage/ }));
    fireEvent.click(screen.getByRole('button', { name: /Add stage/ }));
    expect(cell(1, 'Ends at (s)').value).toBe('30');
    expect(cell(2, 'Ends at (s)').value).toBe('60');
    fireEvent.change(cell(2, 'Users'), { target: { value: '50' } });
    expect(screen.getByTestId('stages-chart')).toHaveAttribute(
      'data-points',
      '5',
    );
    expect(screen.getByText(/Planned users over 1 min/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Move stage 2 up' }));
    expect(cell(1, 'Users').value).toBe('50');
    // end times now go down: no curve, and a hint why
    expect(screen.queryByTestId('stages-chart')).not.toBeInTheDocument();
    expect(screen.getByText(/end times that increase/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Remove stage 1' }));
    expect(onValue).toHaveBeenLastCalledWith([
      { duration: '30', users: '10', spawnRate: '5' },
    ]);
  });

  it("shows the API's messages next to the cells", async () => {
    await renderInTestApp(
      <Harness
        initial={[
          { duration: '30', users: '10', spawnRate: '5' },
          { duration: '20', users: '10', spawnRate: '5' },
        ]}
        fields={{
          'parameters.stages[1].duration': 'stage end times must increase',
        }}
      />,
    );
    expect(
      screen.getByText('stage end times must increase'),
    ).toBeInTheDocument();
    expect(cell(2, 'Ends at (s)')).toHaveAttribute('aria-invalid', 'true');
  });
});
