import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type EpisodeDetail } from '../api';

/**
 * One step form of an episode: what the user has typed, kept as a draft in localStorage (so a
 * half-filled form survives a reload), and the episode version the typing is based on.
 *
 * While the form is untouched its base version follows the episode; from the first keystroke it
 * stays put, so a save after someone else's is a 409 conflict, never a silent overwrite.
 */
export interface StepForm<V> {
  values: V;
  set: (update: Partial<V> | ((v: V) => V)) => void;
  /** The episode version the typing started from (sent as `version`). */
  baseVersion: number;
  dirty: boolean;
  restored: boolean;
  discardDraft: (from?: EpisodeDetail) => void;
  /** After a save: forget the draft and follow the episode again. */
  saved: (detail: EpisodeDetail) => void;
  rebase: (version: number) => void;
}

interface StoredDraft<V> {
  values: V;
  version: number;
  savedAt: string;
}

export const draftKey = (episodeId: string, step: string) => `sijpath:draft:${episodeId}:${step}`;

/** Drafts hold patient data: signing out on a shared workstation removes them. */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(window.localStorage)) {
      if (key.startsWith('sijpath:draft:')) window.localStorage.removeItem(key);
    }
  } catch {
    // See removeDraft.
  }
}

function readDraft<V>(key: string): StoredDraft<V> | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft<V>;
    return parsed && typeof parsed.version === 'number' && parsed.values ? parsed : null;
  } catch {
    return null;
  }
}

function removeDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Storage may be unavailable (private mode); the form still works without drafts.
  }
}

export function useStepForm<V>(
  episode: EpisodeDetail,
  step: string,
  initial: (episode: EpisodeDetail) => V,
): StepForm<V> {
  const key = draftKey(episode.id, step);
  const [state, setState] = useState(() => {
    const draft = readDraft<V>(key);
    return draft
      ? {
          values: { ...initial(episode), ...draft.values },
          version: draft.version,
          dirty: true,
          restored: true,
        }
      : { values: initial(episode), version: episode.version, dirty: false, restored: false };
  });

  useEffect(() => {
    if (!state.dirty && state.version !== episode.version)
      setState((s) => ({ ...s, version: episode.version }));
  }, [episode.version, state.dirty, state.version]);

  const set = useCallback(
    (update: Partial<V> | ((v: V) => V)) => {
      setState((s) => {
        const values = typeof update === 'function' ? update(s.values) : { ...s.values, ...update };
        try {
          const stored: StoredDraft<V> = { values, version: s.version, savedAt: new Date().toISOString() };
          window.localStorage.setItem(key, JSON.stringify(stored));
        } catch {
          // See removeDraft.
        }
        return { ...s, values, dirty: true };
      });
    },
    [key],
  );

  return {
    values: state.values,
    set,
    baseVersion: state.version,
    dirty: state.dirty,
    restored: state.restored,
    discardDraft: (from = episode) => {
      removeDraft(key);
      setState({ values: initial(from), version: from.version, dirty: false, restored: false });
    },
    saved: (detail) => {
      removeDraft(key);
      setState((s) => ({ ...s, version: detail.version, dirty: false, restored: false }));
    },
    rebase: (version) => {
      setState((s) => {
        try {
          const stored: StoredDraft<V> = { values: s.values, version, savedAt: new Date().toISOString() };
          window.localStorage.setItem(key, JSON.stringify(stored));
        } catch {
          // See removeDraft.
        }
        return { ...s, version };
      });
    },
  };
}

export interface Conflict<I> {
  theirs: EpisodeDetail;
  mine: I;
}

/**
 * Saving a step: sends the input with the form's base version, puts the answer in the cache,
 * clears the draft. A 409 `version_conflict` keeps the form as typed and offers both versions.
 */
export function useStepSave<V, I>(
  form: StepForm<V>,
  episode: EpisodeDetail,
  send: (body: I & { version: number }) => Promise<EpisodeDetail>,
  successMessage: string,
  onSaved?: () => void,
) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict<I> | null>(null);
  const versionRef = useRef(form.baseVersion);
  versionRef.current = form.baseVersion;

  const mutation = useMutation({
    mutationFn: ({ input, version }: { input: I; version: number }) => send({ ...input, version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(['episode', episode.id], detail);
      void queryClient.invalidateQueries({ queryKey: ['episodes'] });
      void queryClient.invalidateQueries({ queryKey: ['patient', episode.patientId] });
      void queryClient.invalidateQueries({ queryKey: ['procedure-lists'] });
      setConflict(null);
      form.saved(detail);
      notifications.show({ color: 'green', message: successMessage });
      onSaved?.();
      focusNextStep();
    },
    onError: (error, { input }) => {
      if (isVersionConflict(error)) setConflict({ theirs: error.current as EpisodeDetail, mine: input });
    },
  });

  return {
    mutation,
    conflict,
    save: (input: I) => mutation.mutate({ input, version: versionRef.current }),
    /** Save what this user typed on top of the version now on the server. */
    applyMine: () => {
      if (!conflict) return;
      form.rebase(conflict.theirs.version);
      mutation.mutate({ input: conflict.mine, version: conflict.theirs.version });
    },
    /** Drop this user's typing and show the record as it is now. */
    takeTheirs: () => {
      if (!conflict) return;
      queryClient.setQueryData(['episode', episode.id], conflict.theirs);
      form.discardDraft(conflict.theirs);
      setConflict(null);
      mutation.reset();
    },
  };
}

export function isVersionConflict(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    error.code === 'version_conflict' &&
    typeof error.current === 'object' &&
    error.current !== null &&
    'steps' in error.current
  );
}

/** After a step is saved its form goes away: move focus to the next step's heading (or the page's). */
export function focusNextStep(): void {
  requestAnimationFrame(() => {
    const heading =
      document.querySelector<HTMLElement>('section[id^="step-"] h2') ??
      document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  });
}
