export { ScenarioEditorPage } from './ScenarioEditorPage';
