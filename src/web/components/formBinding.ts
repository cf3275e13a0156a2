import type { ChangeEvent } from 'react';

type Setter<V> = (update: Partial<V> | ((v: V) => V)) => void;
/** The keys of V whose values are strings (what a text box or a select edits). */
export type TextKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;
type Change = ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;

/**
 * Binds text boxes and selects to the string fields of a form's values, as a form library's
 * `getInputProps` does: `bind(key)` gives the value and a change that sets that field;
 * `field(key, id)` adds the id a saving error focuses and the error shown under it.
 * A select's value is one of its options, so it is stored as the field's own type.
 */
export function binder<V>(values: V, set: Setter<V>, errors: Readonly<Record<string, string | undefined>>) {
  const bind = <K extends TextKeys<V>>(key: K) => ({
    value: values[key] as string,
    onChange: (e: Change) => set({ [key]: e.currentTarget.value } as unknown as Partial<V>),
  });
  return {
    bind,
    field: <K extends TextKeys<V>>(key: K, id: string = key) => ({ ...bind(key), id, error: errors[id] }),
  };
}

/** Options of a select from a record of labels, after an optional blank one ("Not stated"). */
export function optionsOf<T extends string>(labels: Readonly<Record<T, string>>, blank?: string) {
  const options = (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
  return blank === undefined ? options : [{ value: '', label: blank }, ...options];
}
