export * from './format';
export { RunStatusChip, VerdictChip } from './RunStatusChip';
export { GatedButton } from './GatedButton';
export { RunParametersFields } from './RunParametersFields';
export * from './parameterValues';
export * from './tables';
