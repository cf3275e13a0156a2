import { useEffect, useRef } from 'react';

/**
 * A message raised by a press at the foot of a long form — a refusal, a colleague's save, a
 * question — stands at the form's head, on a phone a screen or more above the button: it is
 * scrolled to when it appears (or changes), so the person who pressed sees why nothing went on.
 * `nearest` leaves it be when it is on the screen already.
 */
export function useIntoView<T extends HTMLElement>(raised: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (raised) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [raised]);
  return ref;
}
