export { ApprovalsPage } from './ApprovalsPage';
export { RunApprovalPanel } from './RunApprovalPanel';
export { QuotaAndApprovals, describeQuota } from './QuotaAndApprovals';
export { describeEstimate } from './ApprovalFacts';
export { StandaloneApprovalsPage } from './StandaloneApprovalsPage';
