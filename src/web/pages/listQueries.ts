import { useQueryClient } from '@tanstack/react-query';

/** One procedure list with who is booked on it: its page. */
export const listKey = (listId: string) => ['procedure-list', listId] as const;

/**
 * After a list is edited or cancelled: its page, and every read of the lists between days (the
 * worklist's, the booking step's), read again.
 */
export function useRefreshList(listId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: listKey(listId) }),
      queryClient.invalidateQueries({ queryKey: ['procedure-lists'] }),
    ]);
}
