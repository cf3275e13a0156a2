/**
 * Planning a procedure list. A new list is for today or a day to come: one in the past would
 * offer places on a day that has gone. Past lists are written by what records history, not by
 * planning (the demo's year of history, a FHIR import's replay), and do not pass through here.
 */
export function newListDateProblem(date: string, today: string): string | undefined {
  return date < today ? 'A new list cannot be in the past' : undefined;
}
