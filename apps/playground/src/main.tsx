import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { SettingsProvider } from './state/settings.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks the #root element.');
createRoot(root).render(
  <StrictMode>
    <SettingsProvider>
      <App />
    </SettingsProvider>
  </StrictMode>,
);
