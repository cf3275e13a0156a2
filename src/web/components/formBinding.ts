import { type ChangeEvent, type Dispatch, type SetStateAction, useState } from 'react';

/** A form's change: some fields, or a function of all of them (see StepForm.set). */
export type Setter<V> = (update: Partial<V> | ((v: V) => V)) => void;

/** What a group of a step form's fields is given: the values, their change, and the errors by field id. */
export interface FieldGroupProps<V> {
  values: V;
  set: Setter<V>;
  errors: Readonly<Record<string, string>>;
}
/** The keys of V whose values are strings (what a text box or a select edits). */
export type TextKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;
type Change = ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;

/**
 * Binds inputs to the string fields of a form's values, as a form library's `getInputProps` does:
 * `bind(key)` gives the value and a change that sets that field; `field(key, id)` adds the id a
 * saving error focuses and the field's error shown under it; `choice(key, id)` is the same for a
 * radio group. `onEdit` hears which field changed (e.g. to clear its error as the user corrects it).
 * A select's or a radio's value is one of its options, so it is stored as the field's own type.
 */
export function binder<V>(
  values: V,
  set: Setter<V>,
  errors: Readonly<Partial<Record<string, string>>>,
  onEdit?: (key: string) => void,
) {
  const setField = (key: TextKeys<V>, value: string) => {
    set({ [key]: value } as unknown as Partial<V>);
    onEdit?.(key);
  };
  const change =
    <K extends keyof V & string>(key: K) =>
    (value: V[K]) => {
      set({ [key]: value } as unknown as Partial<V>);
      onEdit?.(key);
    };
  const bind = <K extends TextKeys<V>>(key: K) => ({
    value: values[key] as string,
    onChange: (e: Change) => setField(key, e.currentTarget.value),
  });
  return {
    bind,
    /** A change that sets one field (of any type) to the value a component gives. */
    change,
    /** Any field (e.g. a date) bound to a component that gives the new value itself. */
    control: <K extends keyof V & string>(key: K, id: string) => ({
      id,
      value: values[key],
      onChange: change(key),
      error: errors[key],
    }),
    input: <K extends TextKeys<V>>(key: K) => ({ ...bind(key), error: errors[key] }),
    field: <K extends TextKeys<V>>(key: K, id: string = key) => ({ ...bind(key), id, error: errors[key] }),
    choice: <K extends TextKeys<V>>(key: K, id: string = key) => ({
      id,
      value: values[key] as string,
      onChange: (value: string) => setField(key, value),
      error: errors[key],
    }),
  };
}

/** Options of a select from a record of labels, after an optional blank one ("Not stated"). */
export function optionsOf<T extends string>(labels: Readonly<Record<T, string>>, blank?: string) {
  const options = (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
  return blank === undefined ? options : [{ value: '', label: blank }, ...options];
}

/** For `binder`'s onEdit: a field's error goes as soon as the user changes the field. */
export function clearingError<E extends object>(setErrors: Dispatch<SetStateAction<E>>) {
  return (key: string) =>
    setErrors((errors) => {
      const { [key as keyof E]: _, ...rest } = errors;
      return rest as E;
    });
}

/**
 * A small form's own state (not a step's, which useStepForm keeps as a draft): its values, its
 * errors by field, and the bindings of `binder`; a changed field's error goes.
 */
export function useFormFields<V>(initial: V | (() => V)) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V, string>>>({});
  const set: Setter<V> = (update) =>
    setValues((v) => (typeof update === 'function' ? update(v) : { ...v, ...update }));
  return { values, set, errors, setErrors, ...binder(values, set, errors, clearingError(setErrors)) };
}
