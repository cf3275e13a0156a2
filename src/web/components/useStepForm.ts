import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type EpisodeDetail } from '../api';
import { draftKey, hasDraft, isRecord, keepDraft, readDraft } from '../drafts';
import { useAmendReason } from './AmendReason';
import { type Merge, mergeThreeWay, setAt } from './merge';

/**
 * One step form of an episode: what the user has typed, kept as a draft on this device (so a
 * half-filled form survives a reload or a session that ended; ../drafts), the episode version the
 * typing is based on, and the values the form started from at that version (the base a
 * colleague's save is merged against).
 *
 * While the form is untouched it follows the episode; from the first keystroke it stays put, so a
 * save after someone else's is a 409 conflict, merged field by field, never a silent overwrite.
 */
export interface StepForm<V> {
  values: V;
  set: (update: Partial<V> | ((v: V) => V)) => void;
  /** The episode version the typing started from (sent as `version`). */
  baseVersion: number;
  /** The form's values at that version, before anyone typed. */
  base: V;
  /** The form's starting values for another version of the episode (e.g. a colleague's). */
  initialOf: (episode: EpisodeDetail) => V;
  dirty: boolean;
  restored: boolean;
  discardDraft: (from?: EpisodeDetail) => void;
  /** After a save: forget the draft and follow the episode again. */
  saved: (detail: EpisodeDetail) => void;
  /** Continue from a newer version: its values are the new base, `values` what to show now. */
  rebase: (to: EpisodeDetail, values: V) => void;
}

interface StoredDraft<V> {
  values: V;
  base?: V;
  version: number;
  savedAt: string;
}

/** Whether someone has typed into this step's form on this device and not saved it yet. */
export const hasStepDraft = (episodeId: string, step: string) => hasDraft(draftKey(episodeId, step));

const asStepDraft = <V>(stored: unknown): StoredDraft<V> | null =>
  isRecord(stored) && typeof stored.version === 'number' && isRecord(stored.values)
    ? (stored as unknown as StoredDraft<V>)
    : null;

export function useStepForm<V>(
  episode: EpisodeDetail,
  step: string,
  initial: (episode: EpisodeDetail) => V,
): StepForm<V> {
  const key = draftKey(episode.id, step);
  const [state, setState] = useState(() => {
    const draft = readDraft(key, asStepDraft<V>);
    const start = initial(episode);
    return draft
      ? {
          values: { ...start, ...draft.values },
          base: draft.base ?? start,
          version: draft.version,
          dirty: true,
          restored: true,
        }
      : { values: start, base: start, version: episode.version, dirty: false, restored: false };
  });

  // An untouched form follows the episode: a colleague's save shows at once, and is the new base.
  useEffect(() => {
    if (!state.dirty && state.version !== episode.version) {
      const start = initial(episode);
      setState((s) => ({ ...s, values: start, base: start, version: episode.version }));
    }
  }, [episode, initial, state.dirty, state.version]);

  const store = useCallback(
    (values: V, base: V, version: number) => {
      const stored: StoredDraft<V> = { values, base, version, savedAt: new Date().toISOString() };
      keepDraft(key, stored);
    },
    [key],
  );

  const set = useCallback(
    (update: Partial<V> | ((v: V) => V)) => {
      setState((s) => {
        const values = typeof update === 'function' ? update(s.values) : { ...s.values, ...update };
        store(values, s.base, s.version);
        return { ...s, values, dirty: true };
      });
    },
    [store],
  );

  return {
    values: state.values,
    set,
    baseVersion: state.version,
    base: state.base,
    initialOf: initial,
    dirty: state.dirty,
    restored: state.restored,
    discardDraft: (from = episode) => {
      keepDraft(key, null);
      const start = initial(from);
      setState({ values: start, base: start, version: from.version, dirty: false, restored: false });
    },
    saved: (detail) => {
      keepDraft(key, null);
      setState((s) => ({ ...s, version: detail.version, dirty: false, restored: false }));
    },
    rebase: (to, values) => {
      const base = initial(to);
      store(values, base, to.version);
      setState((s) => ({ ...s, values, base, version: to.version, dirty: true }));
    },
  };
}

export interface Conflict<V> {
  theirs: EpisodeDetail;
  /** What each side changed against the base both started from, and what both changed. */
  merge: Merge<V>;
}

/**
 * Saving a step: sends the input with the form's base version, puts the answer in the cache,
 * clears the draft. A 409 `version_conflict` keeps the form as typed and merges: what only the
 * colleague changed is taken, what only this user changed is kept, and what both changed waits
 * for this user's choice, field by field. Nothing entered by anyone is lost without a choice.
 */
export function useStepSave<V, I>(
  form: StepForm<V>,
  episode: EpisodeDetail,
  send: (body: I & { version: number }) => Promise<EpisodeDetail>,
  successMessage: string,
  onSaved?: () => void,
) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict<V> | null>(null);
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
    onError: (error) => {
      if (!isVersionConflict(error)) return;
      const theirs = error.current as EpisodeDetail;
      setConflict({ theirs, merge: mergeThreeWay(form.base, form.initialOf(theirs), form.values) });
    },
  });

  return {
    mutation,
    conflict,
    save: (input: I) => mutation.mutate({ input, version: versionRef.current }),
    /**
     * Continue from their version with both sides' changes; each conflict as decided (`theirs`
     * takes their value, otherwise this user's stays). The user checks the form and saves.
     */
    applyMerge: (takeTheirs: ReadonlySet<string>) => {
      if (!conflict) return;
      let values = conflict.merge.merged;
      for (const c of conflict.merge.conflicts) {
        if (takeTheirs.has(c.path.join('.'))) values = setAt(values, c.path, c.theirs);
      }
      queryClient.setQueryData(['episode', episode.id], conflict.theirs);
      form.rebase(conflict.theirs, values);
      setConflict(null);
      mutation.reset();
      notifications.show({
        color: 'blue',
        message: 'Merged with the saved version: check the form, then save.',
      });
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

/**
 * A step's form, its save and, when amending a record, the reason asked for: the three every step
 * page starts with. An amendment keeps its own draft (`<step>:amend`), apart from a first recording.
 */
export function useStepEditor<V, I>(
  {
    episode,
    timeZone,
    amend = false,
    onSaved,
  }: { episode: EpisodeDetail; timeZone: string; amend?: boolean; onSaved?: () => void },
  step: string,
  initial: (episode: EpisodeDetail) => V,
  send: (body: I & { version: number }) => Promise<EpisodeDetail>,
  messages: { saved: string; amended?: string },
) {
  const form = useStepForm<V>(episode, amend ? `${step}:amend` : step, initial);
  const save = useStepSave<V, I>(form, episode, send, (amend && messages.amended) || messages.saved, onSaved);
  const amendment = useAmendReason(amend);
  return { form, step: save, amendment, timeZone };
}
