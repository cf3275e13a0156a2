/**
 * Patient identifiers. The NHS number is ten digits whose last is a modulus-11 check digit
 * (NHS Data Dictionary, "NHS Number"): weights 10..2 over the first nine digits,
 * check = 11 - (sum mod 11); 11 becomes 0 and 10 means the number is invalid.
 */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** The check digit for nine leading digits, or null where no valid number can end them. */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  return /^\d{10}$/.test(digits) && nhsCheckDigit(digits) === Number(digits[9]);
}

/** 943 476 5919 — the grouping people read aloud on the phone. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** A local medical record number: letters, digits and dashes, as hospital systems issue them. */
export const mrnPattern = /^[A-Za-z0-9-]{3,20}$/;
