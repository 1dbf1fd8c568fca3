export { TestSetPage } from './TestSetPage';
