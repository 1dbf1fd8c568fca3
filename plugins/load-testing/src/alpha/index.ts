export { loadTestingApi } from './apis';
export { loadTestingEntityContent } from './entityContent';
