import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type Me } from '../api';

export const meKey = ['me'] as const;

/** The signed-in person and their clinic. A 401 here sends the browser to /sign-in (see App). */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: api.me, staleTime: 60_000 });
}

/** The signed-in person; only for components rendered inside the Shell, which waits for it. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession() used outside the signed-in shell');
  return data;
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · SIJ Pathway`;
  }, [title]);
}
