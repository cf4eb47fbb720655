import { createContext, useContext, useSyncExternalStore } from 'react';
import { normalizeError, type AppError } from './api';

export type ReportedError = AppError & { id: number };

export interface ErrorStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly ReportedError[];
  report(error: unknown): void;
  dismiss(id: number): void;
  clear(): void;
}

const MAX_SHOWN = 5;

/** A tiny store for the error banners, usable from outside React (the query cache reports into it). */
export function createErrorStore(): ErrorStore {
  let errors: readonly ReportedError[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((listener) => listener());

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => errors,
    report(error) {
      const { code, message } = normalizeError(error);
      // The same failure repeated (a refetch, a double click) should not stack up.
      const rest = errors.filter((e) => e.code !== code || e.message !== message);
      errors = [...rest, { id: nextId++, code, message }].slice(-MAX_SHOWN);
      emit();
    },
    dismiss(id) {
      errors = errors.filter((e) => e.id !== id);
      emit();
    },
    clear() {
      if (errors.length === 0) return;
      errors = [];
      emit();
    },
  };
}

export const ErrorStoreContext = createContext<ErrorStore | null>(null);

export function useErrorStore(): ErrorStore {
  const store = useContext(ErrorStoreContext);
  if (!store) throw new Error('useErrorStore must be used inside <ErrorStoreContext>');
  return store;
}

export function useReportedErrors(): readonly ReportedError[] {
  const store = useErrorStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
