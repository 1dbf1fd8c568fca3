/**
 * Node library of the Load Tests plugin: what a backend module implements to add an
 * executor, and the extension point it registers it through.
 *
 * @packageDocumentation
 */
export * from './executors';
export * from './extensions';
