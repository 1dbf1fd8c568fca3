export * from './histogram';
export * from './percentiles';
