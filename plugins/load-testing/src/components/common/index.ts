export * from './format';
export {
  RUN_STATUS_TONE,
  RunStatusChip,
  ToneChip,
  VerdictChip,
} from './RunStatusChip';
export type { ChipTone } from './RunStatusChip';
export { GatedButton } from './GatedButton';
export { RunParametersFields } from './RunParametersFields';
export * from './parameterValues';
export * from './tables';
export {
  BackButton,
  PageHeader,
  ReadOnlyNotice,
  SaveProblem,
  useSave,
} from './PageHeader';
