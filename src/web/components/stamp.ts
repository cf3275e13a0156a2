import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/**
 * A page left open shows what changes (a patient's sign-in code, a new alert) by asking often for
 * a stamp, which carries no patient's data, and reading the data itself (an audited read) again
 * only when a new stamp differs from the one it was read under: not once a refresh for as long as
 * the page is open.
 *
 * Checked when a new stamp comes, not when the data does: data read after a later change than the
 * stamp knows of would otherwise be read again and again until the next stamp.
 */
export function useReadAgainOnStamp(
  stamp: string | undefined,
  shown: string | undefined,
  queryKey: QueryKey,
) {
  const queryClient = useQueryClient();
  const shownNow = useRef(shown);
  shownNow.current = shown;
  const key = useRef(queryKey);
  key.current = queryKey;
  useEffect(() => {
    if (stamp !== undefined && shownNow.current !== undefined && stamp !== shownNow.current)
      void queryClient.invalidateQueries({ queryKey: key.current, exact: true });
  }, [stamp, queryClient]);
}
