import fc from 'fast-check';
import { expect, test } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, mrnPattern, nhsCheckDigit } from './identifiers.ts';

test.each([
  ['9434765919', true], // the NHS Data Dictionary's worked example
  ['943 476 5919', true],
  ['943-476-5919', true],
  ['9434765918', false], // wrong check digit
  ['943476591', false], // nine digits
  ['94347659190', false],
  ['943476591X', false],
  ['0000000000', true],
])('%s is %s as an NHS number', (input, valid) => {
  expect(isValidNhsNumber(input)).toBe(valid);
});

test('a remainder of 1 (check digit 10) can end no valid number', () => {
  // 1 0 0 0 0 0 0 0 1: sum = 10 + 2 = 12, 12 mod 11 = 1, 11 - 1 = 10
  expect(nhsCheckDigit('100000001')).toBeNull();
});

test('property: changing any one digit of a valid number makes it invalid', () => {
  const valid = fc
    .stringMatching(/^\d{9}$/)
    .filter((nine) => nhsCheckDigit(nine) !== null)
    .map((nine) => `${nine}${nhsCheckDigit(nine)}`);
  fc.assert(
    fc.property(valid, fc.nat(9), fc.integer({ min: 1, max: 9 }), (number, position, delta) => {
      expect(isValidNhsNumber(number)).toBe(true);
      const digit = (Number(number[position]) + delta) % 10;
      const changed = `${number.slice(0, position)}${digit}${number.slice(position + 1)}`;
      expect(isValidNhsNumber(changed)).toBe(false);
    }),
  );
});

test('formatting and MRNs', () => {
  expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  expect(mrnPattern.test('RPS-1001')).toBe(true);
  expect(mrnPattern.test('a b')).toBe(false);
});
