import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createErrorStore, ErrorStoreContext } from './errors';
import './i18n';
import { createQueryClient } from './queryClient';
import './styles.css';
import { initTheme } from './theme';

initTheme();

const errors = createErrorStore();
const queryClient = createQueryClient(errors);

// Anything that escapes a handler still reaches the user, not just the console.
window.addEventListener('unhandledrejection', (event) => errors.report(event.reason));
window.addEventListener('error', (event) => errors.report(event.error ?? event.message));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorStoreContext value={errors}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ErrorStoreContext>
  </StrictMode>,
);
