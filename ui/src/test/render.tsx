import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createErrorStore, ErrorStoreContext, type ErrorStore } from '../errors';
import { createQueryClient } from '../queryClient';

/** Renders with the same providers as main.tsx, and a fresh cache for every test. */
export function renderWithProviders(ui: ReactElement): RenderResult & {
  user: ReturnType<typeof userEvent.setup>;
  errors: ErrorStore;
} {
  const errors = createErrorStore();
  const queryClient = createQueryClient(errors);
  const user = userEvent.setup();
  const result = render(
    <ErrorStoreContext value={errors}>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </ErrorStoreContext>,
  );
  return { ...result, user, errors };
}
