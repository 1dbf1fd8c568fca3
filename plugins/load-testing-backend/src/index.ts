/**
 * Backend of the Load Tests plugin.
 *
 * @packageDocumentation
 */
export { loadTestingPlugin as default } from './plugin';
