import type { KeyboardEvent } from 'react';

/**
 * Click and Enter handlers for a table row that opens something. A click that ends a text
 * selection (copying a tenant id from the row, say) does not open.
 */
export function rowActivation(open: () => void) {
  return {
    onClick: () => {
      if (globalThis.getSelection?.()?.toString()) return;
      open();
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === 'Enter' && event.target === event.currentTarget) {
        event.preventDefault();
        open();
      }
    },
  };
}
