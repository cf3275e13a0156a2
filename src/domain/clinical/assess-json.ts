import { ignoredFields } from '../ignored-fields.ts';
import { assess, parseAssessmentRequest } from './assess.ts';

/** Former names the schema still reads, under their new ones (docs/assessment-format.md). */
const FORMER_NAMES = new Set([
  'settings.site',
  'settings.protocol.overrides.minMonthsBetweenTherapeutic',
  'settings.protocol.overrides.repeatTherapeutic.months',
]);

export interface AssessJsonResult {
  exitCode: 0 | 2;
  stdout: string;
  stderr: string;
}

/**
 * JSON text in, the assessment as 2-space JSON out; on invalid input the issues with their field
 * paths and exit code 2. Pure, so `sijpath assess` and the worked-example tests share it. A field
 * the request does not have is named on stderr as ignored (a warning: the exit code stays 0).
 */
export function assessJson(text: string): AssessJsonResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { exitCode: 2, stdout: '', stderr: `invalid JSON: ${(e as Error).message}\n` };
  }
  const parsed = parseAssessmentRequest(json);
  if (!parsed.ok) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: `${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}\n`,
    };
  }
  const ignored = ignoredFields(json, parsed.request, FORMER_NAMES).map(
    (p) => `${p}: not a field of the request, ignored\n`,
  );
  return {
    exitCode: 0,
    stdout: `${JSON.stringify(assess(parsed.request), null, 2)}\n`,
    stderr: ignored.join(''),
  };
}
