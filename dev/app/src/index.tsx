import ReactDOM from 'react-dom/client';
// Backstage UI's tokens and utility classes, which plugin pages built on it (Notifications) need
import '@backstage/ui/css/styles.css';
import App from './App';

ReactDOM.createRoot(document.getElementById('root')!).render(<App />);
