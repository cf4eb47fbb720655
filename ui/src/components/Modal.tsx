import { useEffect, useEffectEvent, useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hidden);
}

export interface ModalProps {
  /** `alertdialog` for confirmations. */
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  testId: string;
  /** Esc, and the caller's own Cancel button. */
  onCancel: () => void;
  /** While false (an operation runs), Esc does nothing. */
  canCancel?: boolean;
  /** Receives focus on open; defaults to the first focusable element. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /**
   * Called on close to pick where focus goes. Null (or an element that is gone) means
   * the element that had focus when the dialog opened.
   */
  getReturnFocus?: () => HTMLElement | null;
  className?: string;
  children: ReactNode;
}

/**
 * A modal dialog: rendered over everything, the rest of the page made inert,
 * Tab kept inside, Esc cancels, focus restored on close.
 */
export function Modal({
  role = 'dialog',
  labelledBy,
  describedBy,
  testId,
  onCancel,
  canCancel = true,
  initialFocusRef,
  getReturnFocus,
  className,
  children,
}: ModalProps) {
  const backdropRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  const cancel = useEffectEvent(() => {
    if (canCancel) onCancel();
  });
  const returnFocusTarget = useEffectEvent(() => getReturnFocus?.() ?? null);

  const openerRef = useRef<HTMLElement | null>(null);

  // Open: make the rest of the page inert and move focus in (before paint).
  useLayoutEffect(() => {
    const backdrop = backdropRef.current;
    const dialog = dialogRef.current;
    if (!backdrop || !dialog) return;
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;

    const madeInert: HTMLElement[] = [];
    for (const child of Array.from(document.body.children)) {
      if (child === backdrop || !(child instanceof HTMLElement) || child.inert) continue;
      child.inert = true;
      madeInert.push(child);
    }

    const first = initialFocusRef?.current ?? focusableIn(dialog)[0] ?? dialog;
    first.focus();

    return () => {
      for (const el of madeInert) el.inert = false;
    };
  }, [initialFocusRef]);

  // Close: give focus back. A passive cleanup runs after the commit that removed the dialog,
  // so an element rendered in that same commit (a notice) can already take focus.
  useEffect(
    () => () => {
      const preferred = returnFocusTarget();
      const opener = openerRef.current;
      const target = preferred?.isConnected ? preferred : opener;
      if (target?.isConnected) target.focus();
    },
    [],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const dialog = dialogRef.current;
      if (!dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        cancel();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusableIn(dialog);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) {
        event.preventDefault();
        dialog.focus();
        return;
      }
      const active = document.activeElement;
      if (!dialog.contains(active)) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, []);

  return createPortal(
    <div className="modal-backdrop" ref={backdropRef}>
      <div
        ref={dialogRef}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        data-testid={testId}
        className={className ? `modal ${className}` : 'modal'}
        tabIndex={-1}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
