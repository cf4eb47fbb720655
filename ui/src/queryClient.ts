import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { AppError } from './api';
import type { ErrorStore } from './errors';

declare module '@tanstack/react-query' {
  interface Register {
    // Every wrapper in api.ts rejects with `{ code, message }`.
    defaultError: AppError;
    mutationMeta: {
      /** The component shows the error itself (inside a dialog), so no banner. */
      inlineError?: boolean;
    };
  }
}

export const queryKeys = {
  appInfo: ['app-info'] as const,
  profiles: ['profiles'] as const,
  customers: (profileId: string, query: unknown) => ['customers', profileId, query] as const,
  filterOptions: (profileId: string) => ['customers', profileId, 'filter-options'] as const,
  workflows: (profileId: string, customer: string | null) => ['workflows', profileId, customer] as const,
  workflowsOf: (profileId: string) => ['workflows', profileId] as const,
  requests: (profileId: string, customer: string | null) => ['requests', profileId, customer] as const,
  requestDraft: (profileId: string) => ['request-draft', profileId] as const,
  snapshots: (profileId: string) => ['snapshots', profileId] as const,
  customersOf: (profileId: string) => ['customers', profileId] as const,
  customerView: (profileId: string, tenantId: string) => ['customer-view', profileId, tenantId] as const,
  customerViewsOf: (profileId: string) => ['customer-view', profileId] as const,
  findings: (profileId: string) => ['findings', profileId] as const,
  customerTags: (profileId: string, tenantId: string) => ['customer-tags', profileId, tenantId] as const,
  customerHistory: (profileId: string, tenantId: string) => ['customer-history', profileId, tenantId] as const,
  partners: (profileId: string) => ['partners', profileId] as const,
};

export function createQueryClient(errors: ErrorStore): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => errors.report(error),
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.inlineError) errors.report(error);
      },
    }),
    defaultOptions: {
      queries: {
        // A local IPC call that failed will fail again the same way: show it instead.
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
}
