/**
 * Types, run-parameter schema, permissions, annotations and percentile math
 * shared by the Load Tests frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './params';
export * from './kubernetesParams';
export * from './tolerations';
export * from './permissions';
export * from './annotations';
export * from './stats';
export * from './targets';
export * from './entityRefs';
export * from './scripts';
export * from './junit';
export * from './reports';
export * from './comparison';
export * from './resources';
export * from './plans';
