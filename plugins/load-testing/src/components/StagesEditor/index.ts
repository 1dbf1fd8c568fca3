export { StagesEditor } from './StagesEditor';
export { PlannedUsersChart, StagesChart } from './StagesChart';
export { StagesSection } from './StagesSection';
export * from './stagesCurve';
