import { expect, test } from 'vitest';
import { patientDataInText } from './log-leaks.ts';

const ann = { given: 'Ann', family: 'Lee', nhs: '9993000000' };

test('a name or NHS number in a log line is found, as stored or spaced 3-3-4', () => {
  expect(patientDataInText('{"msg":"saved for Ann Lee"}', [ann])).toEqual(['"Lee"', '"Ann Lee"']);
  expect(patientDataInText('{"nhs":"9993000000"}', [ann])).toEqual(['"9993000000"']);
  expect(patientDataInText('NHS 999 300 0000.', [ann])).toEqual(['"999 300 0000"']);
});

test('digits inside a longer number and letters inside a longer word are not patient data', () => {
  const line =
    '{"level":30,"time":1796283999300,"responseTime":23.99930000000012,"id":"19993000000","msg":"Sleeve and Leeds"}';
  expect(patientDataInText(line, [ann])).toEqual([]);
});
