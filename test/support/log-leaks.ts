/**
 * Which patients' names or NHS numbers a server log holds. A value counts only as a whole word
 * or number: the log is full of digits (times, durations such as `"responseTime":23.99930000001`)
 * and words, and a stored NHS number inside a longer number is not a leak.
 */
export interface PatientIdentity {
  given: string;
  family: string;
  nhs: string | null;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function patientDataInText(text: string, patients: PatientIdentity[]): string[] {
  const found = new Set<string>();
  for (const { given, family, nhs } of patients) {
    const spaced = nhs ? `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}` : null;
    const words = [family, `${given} ${family}`].filter((v) => v.length >= 3);
    const numbers = [nhs, spaced].filter((v): v is string => Boolean(v));
    for (const value of words)
      if (new RegExp(`(?<![\\p{L}\\p{N}])${literal(value)}(?![\\p{L}\\p{N}])`, 'u').test(text))
        found.add(`"${value}"`);
    for (const value of numbers)
      if (new RegExp(`(?<![\\d.])${literal(value)}(?![\\d.]?\\d)`).test(text)) found.add(`"${value}"`);
  }
  return [...found];
}
