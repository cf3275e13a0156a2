import { beforeAll, describe, expect, test } from 'vitest';
import { fontsReady, runs } from './fonts.ts';

beforeAll(fontsReady);

const faces = (text: string) => runs(text, 'regular').map((r) => [r.font, r.text]);

describe('text split into runs of one face each', () => {
  test('Latin with its extensions, Greek and Cyrillic stay in Noto Sans', () => {
    expect(faces('Łucja Wójcik · Αλέξανδρος · Жанна')).toEqual([
      ['NotoSans-regular', 'Łucja Wójcik · Αλέξανδρος · Жанна'],
    ]);
  });

  test('Chinese and Japanese go to Noto Sans SC, symbols Noto Sans lacks to DejaVu Sans', () => {
    expect(faces('Nakamura 中村 ≥ 50%')).toEqual([
      ['NotoSans-regular', 'Nakamura '],
      ['NotoSansSC-regular', '中村 '],
      ['DejaVuSans-regular', '≥ '],
      ['NotoSans-regular', '50%'],
    ]);
  });

  test('Arabic words stay one run; the spaces at its edges stand outside it', () => {
    expect(faces('Name: محمد عبد الله (Leeds)')).toEqual([
      ['NotoSans-regular', 'Name: '],
      ['NotoSansArabic-regular', 'محمد عبد الله'],
      ['NotoSans-regular', ' (Leeds)'],
    ]);
  });

  test('a combining accent stays with its letter, and bold has its own faces', () => {
    expect(runs('Zoe\u0308 中', 'bold').map((r) => r.font)).toEqual(['NotoSans-bold', 'NotoSansSC-bold']);
    expect(runs('', 'regular')).toEqual([]);
  });
});
