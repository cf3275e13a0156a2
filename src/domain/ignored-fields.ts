/**
 * The fields of a request that its schema did not read. zod drops a key it does not know, so a
 * misspelt field ("anticoagulants", "plannedGuidence") would pass as a request without it: the
 * caller is told instead (`sijpath assess` on stderr, the API with a 400). Found by comparing the
 * request with what the schema made of it, by the shape of their paths (an array's elements are
 * one shape, whatever their order).
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path in a parsed value, `[]` for an array's elements; `objects` those that hold an object. */
function shapeOf(value: unknown, at: string, paths: Map<string, boolean>): void {
  if (Array.isArray(value)) {
    if (!paths.has(at)) paths.set(at, false);
    for (const item of value) shapeOf(item, `${at}[]`, paths);
    return;
  }
  paths.set(at, paths.get(at) === true || isObject(value));
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) shapeOf(v, at ? `${at}.${key}` : key, paths);
}

/**
 * The paths of `input` (with array indices, e.g. `patient.antithrombotics.0.lastDose`) that
 * `parsed` has no place for. A value the schema turned into another kind (an interval written as
 * `{ value, unit }`, read as `"P8W"`) is read whole, not field by field.
 */
export function ignoredFields(
  input: unknown,
  parsed: unknown,
  /** Former names the schema still reads under new ones (array paths without `[]`). */
  formerNames: ReadonlySet<string> = new Set(),
): string[] {
  const paths = new Map<string, boolean>();
  shapeOf(parsed, '', paths);
  const ignored: string[] = [];
  const walk = (value: unknown, shape: string, at: string) => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${shape}[]`, `${at}.${i}`);
      return;
    }
    if (!isObject(value) || paths.get(shape) !== true) return;
    for (const [key, v] of Object.entries(value)) {
      const next = shape ? `${shape}.${key}` : key;
      const where = at ? `${at}.${key}` : key;
      if (paths.has(next)) walk(v, next, where);
      else if (!formerNames.has(next.replaceAll('[]', ''))) ignored.push(where);
    }
  };
  walk(input, '', '');
  return ignored;
}
