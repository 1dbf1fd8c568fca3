export { PlansCard } from './PlansCard';
export { PlanEditorPage } from './PlanEditorPage';
export { PlanRunsPage } from './PlanRunsPage';
export { PlanRunPage } from './PlanRunPage';
export { describeCron, describeSchedule } from './cronWords';
