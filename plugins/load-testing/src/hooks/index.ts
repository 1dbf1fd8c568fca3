export { usePoll } from './usePoll';
export type { PollState } from './usePoll';
export { useNow } from './useNow';
export { useLoadTestingPermissions } from './useLoadTestingPermissions';
export type { Gate } from './useLoadTestingPermissions';
export { usePlanPermissions } from './usePlanPermissions';
export { useRunResults } from './useRunResults';
export type { RunResults, RunSnapshot } from './useRunResults';
export { useLogFollower } from './useLogFollower';
