'use client';

import { useCallback, useRef, type UIEvent } from 'react';

/** How close to the bottom (px) still counts as "reading the latest". */
const NEAR_BOTTOM_PX = 120;

/**
 * A scrolling conversation that follows new content while the reader is at its end, and stays put
 * while they read further up. Put `scrollRef` and `onScroll` on the scrolling element; call
 * `scrollToBottom` when content was added.
 */
export function useStickToBottom() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  const onScroll = useCallback((event: UIEvent<HTMLElement>) => {
    const element = event.currentTarget;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
  }, []);

  /** Scrolls to the end if the reader was there, or in any case with `force`. */
  const scrollToBottom = useCallback((options: { force?: boolean; smooth?: boolean } = {}) => {
    const element = scrollRef.current;
    if (!element || !(options.force || atBottom.current)) return;
    if (options.smooth) element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' });
    else element.scrollTop = element.scrollHeight;
  }, []);

  return { scrollRef, onScroll, scrollToBottom };
}
