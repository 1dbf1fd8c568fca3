import Box from '@material-ui/core/Box';
import { Input, ListSection, Row } from './kubernetesInputs';
import {
  KubernetesValues,
  ListKey,
  emptyRows,
  sentIndexes,
} from './kubernetesValues';

type RowOf<K extends ListKey> = KubernetesValues[K][number];

/** One input of a list row: the row field it edits and how it shows. */
export interface Column<R> {
  name: keyof R & string;
  label: string;
  placeholder?: string | ((row: R) => string);
  /** Choices of a native select, as [value, label]; a text input without them. */
  options?: (row: R) => Array<[value: string, label: string]> | undefined;
  /** How choosing `value` changes the row, when not by setting its own field. */
  apply?: (row: R, value: string) => Partial<R>;
  /** Keeps the label above the input, so that an empty one shows its placeholder. */
  shrink?: boolean;
  /** The input's share of the row, such as '0 0 35%'; else it shares the rest. */
  flex?: string;
  /** What the input shows, when not the row's own value. */
  shown?: (row: R) => string;
  /** Whether the input is off for this row. */
  off?: (row: R) => boolean;
}

/** What a list section gets from the Kubernetes section. */
export interface ListProps<K extends ListKey> {
  rows: KubernetesValues[K];
  onChange: (rows: KubernetesValues[K]) => void;
  /** Called when a row is added or removed: row numbers of older messages no longer hold. */
  onRowsChanged?: () => void;
  /** The API's messages keyed by field path. */
  fields: Record<string, string>;
  disabled?: boolean;
}

/**
 * A list section whose rows show one input per column. Inputs are named
 * `kubernetes-<slug>-<row>-<field>`, rows `<slug>-<row>`.
 */
export function RowList<K extends ListKey>(
  props: ListProps<K> & {
    list: K;
    title: string;
    help: string;
    addLabel: string;
    /** Without it the Add button is left out. */
    canAdd?: boolean;
    slug: string;
    /** What a row is, for its Remove button. */
    noun: string;
    columns: Array<Column<RowOf<K>>>;
    /**
     * The API's message for each field of a row, given the row's position in the
     * request (undefined for a blank row, which is not sent).
     */
    problems?: (
      row: RowOf<K>,
      sent: number | undefined,
    ) => (name: string) => string | undefined;
  },
) {
  const { list, rows, fields, disabled, slug, canAdd = true } = props;
  const all = rows as Array<RowOf<K>>;
  const sent = sentIndexes(list, rows);
  const update = (next: Array<RowOf<K>>, resized = true) => {
    props.onChange(next as KubernetesValues[K]);
    if (resized) props.onRowsChanged?.();
  };
  const problems =
    props.problems ??
    ((_row, at) => (name: string) =>
      at === undefined
        ? undefined
        : fields[`parameters.${list}[${at}].${name}`]);

  return (
    <ListSection
      title={props.title}
      help={props.help}
      addLabel={props.addLabel}
      onAdd={
        canAdd
          ? () => update([...all, emptyRows[list]() as RowOf<K>])
          : undefined
      }
      disabled={disabled}
    >
      {all.map((row, i) => {
        const problem = problems(row, sent[i]);
        return (
          <Row
            key={i}
            testId={`${slug}-${i}`}
            removeLabel={`Remove ${props.noun} ${i + 1}`}
            onRemove={() => update(all.filter((_, j) => j !== i))}
            disabled={disabled}
          >
            {props.columns.map(c => {
              const choices = c.options?.(row);
              const input = (
                <Input
                  key={c.name}
                  id={`kubernetes-${slug}-${i}-${c.name}`}
                  label={c.label}
                  select={Boolean(choices)}
                  SelectProps={choices && { native: true }}
                  placeholder={
                    typeof c.placeholder === 'function'
                      ? c.placeholder(row)
                      : c.placeholder
                  }
                  InputLabelProps={c.shrink ? { shrink: true } : undefined}
                  value={c.shown ? c.shown(row) : row[c.name]}
                  onChange={e => {
                    const value = e.target.value as string;
                    const patch = c.apply
                      ? c.apply(row, value)
                      : { [c.name]: value };
                    const next = all.map((r, j) =>
                      j === i ? { ...r, ...patch } : r,
                    );
                    update(next, false);
                  }}
                  problem={problem(c.name)}
                  disabled={disabled || c.off?.(row)}
                >
                  {choices?.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Input>
              );
              return c.flex ? (
                <Box key={c.name} flex={c.flex}>
                  {input}
                </Box>
              ) : (
                input
              );
            })}
          </Row>
        );
      })}
    </ListSection>
  );
}
