export { loadTestingApi } from './apis';
export { loadTestingEntityContent } from './entityContent';
export { loadTestingEntityCard } from './entityCard';
export { loadTestingApprovalsPage } from './approvalsPage';
