/** A problem with one field of a form, named by its path (e.g. `record.drugs.0.doseMg`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The issues whose check failed: `[field, ok, message]` rows, so a checklist reads as a table. */
export function failed(rows: readonly (readonly [string, boolean, string])[]): FieldIssue[] {
  return rows.filter(([, ok]) => !ok).map(([field, , message]) => ({ field, message }));
}
