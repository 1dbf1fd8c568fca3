export { StagesEditor } from './StagesEditor';
export { StagesChart } from './StagesChart';
export { StagesSection } from './StagesSection';
export * from './stagesCurve';
