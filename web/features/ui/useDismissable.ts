'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';

/**
 * Open/closed state of a non-modal popup (a menu or popover) opened by a button. While it is open,
 * a press outside `rootRef` closes it, Escape closes it and puts focus back on the button, and
 * focus leaving `rootRef` (tabbing out) closes it. Put `rootRef` on the element that holds both the
 * button and the popup, spread `buttonProps` on the button (it adds its own `aria-haspopup`), and
 * give the popup the id `popupId`.
 */
export function useDismissable() {
  const [open, setOpen] = useState(false);
  const popupId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  /** Closes the popup; `returnFocus` when focus was inside it and would otherwise be lost. */
  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    const root = rootRef.current;
    if (!open || !root) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close(true);
    };
    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [open, close]);

  const buttonProps = {
    ref: buttonRef,
    'aria-expanded': open,
    'aria-controls': open ? popupId : undefined,
    onClick: () => setOpen((o) => !o),
  };

  return { open, setOpen, close, popupId, rootRef, buttonProps };
}
