export { ReportSection } from './ReportSection';
