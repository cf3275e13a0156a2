/** SMART_EHRS: what an administrator writes, and the mistakes that stop the app with a sentence. */
import { expect, test } from 'vitest';
import { parseEnv } from '../config.ts';
import { trustedEhr } from './ehrs.ts';

const entry = {
  name: 'Riverside EHR',
  iss: 'https://ehr.example/fhir/r4/',
  clinic: 'Riverside',
  clientId: 'sij',
};

test('an EHR entry is read with its defaults; unset means none', () => {
  expect(parseEnv({}).SMART_EHRS).toEqual([]);
  const [ehr] = parseEnv({ SMART_EHRS: JSON.stringify([entry]) }).SMART_EHRS;
  expect(ehr).toEqual({
    ...entry,
    iss: 'https://ehr.example/fhir/r4',
    scope: 'openid fhirUser patient/Patient.rs',
  });
  // A launch's iss matches with or without the trailing slash, and nothing else does.
  expect(trustedEhr([ehr!], 'https://ehr.example/fhir/r4/')).toBe(ehr);
  expect(trustedEhr([ehr!], 'https://ehr.example/fhir/r4/../x')).toBeUndefined();
  expect(trustedEhr([ehr!], 'https://ehr.example/fhir')).toBeUndefined();
});

test.each([
  ['not JSON', '[{', /SMART_EHRS: not valid JSON/],
  [
    'http to another machine',
    JSON.stringify([{ ...entry, iss: 'http://ehr.example/fhir' }]),
    /SMART_EHRS\.0\.iss/,
  ],
  ['credentials in the address', JSON.stringify([{ ...entry, iss: 'https://u:p@ehr.example/fhir' }]), /iss/],
  ['no client id', JSON.stringify([{ ...entry, clientId: undefined }]), /SMART_EHRS\.0\.clientId/],
  ['the same EHR twice', JSON.stringify([entry, entry]), /each EHR \(iss\) may be listed once/],
])('%s stops the app with a message naming it', (_what, value, message) => {
  expect(() => parseEnv({ SMART_EHRS: value })).toThrow(message);
});

test('http is allowed on this machine only (a test EHR, a laptop)', () => {
  const [ehr] = parseEnv({
    SMART_EHRS: JSON.stringify([{ ...entry, iss: 'http://127.0.0.1:8080/fhir' }]),
  }).SMART_EHRS;
  expect(ehr?.iss).toBe('http://127.0.0.1:8080/fhir');
});
