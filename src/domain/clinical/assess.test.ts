import { describe, expect, test } from 'vitest';
import {
  assess,
  assessOutcome,
  checkSide,
  parseAssessmentRequest,
  screen,
  triageRedFlagReport,
} from './assess.ts';
import { assessJson } from './assess-json.ts';
import { ANAESTHETICS } from './settings.ts';
import { buildRequest, buildScreening, buildSettings } from './testing.ts';

describe('assess', () => {
  test('runs only the judgements whose inputs are present and records the profile', () => {
    const parsed = parseAssessmentRequest(buildRequest({ episode: { purpose: 'diagnostic' } }));
    if (!parsed.ok) throw new Error('invalid');
    const r = assess(parsed.request);
    expect(r.protocol).toEqual({ profile: 'lcd-2023', version: '2023.1' });
    expect(Object.keys(r)).toEqual(['assessedAt', 'clinic', 'protocol']);
  });

  test('the diary outcome needs a procedure time', () => {
    const parsed = parseAssessmentRequest(
      buildRequest({ episode: { purpose: 'therapeutic' }, diary: { baselinePain: 7, entries: [] } }),
    );
    if (!parsed.ok) throw new Error('invalid');
    expect(assess(parsed.request).outcome).toBeUndefined();
  });

  test('the outcome alone (the outcome review) is the outcome the full assessment gives, block and all', () => {
    const parsed = parseAssessmentRequest(
      buildRequest({
        now: '2026-05-01T10:00:00Z',
        episode: { purpose: 'therapeutic', procedureAt: '2026-03-02T10:00:00Z', anaesthetic: 'bupivacaine' },
        blockResponse: {
          anaesthetic: 'bupivacaine',
          performedAt: '2026-03-02T10:00:00Z',
          baselinePain: 8,
          scores: [
            { at: '2026-03-02T11:00:00Z', pain: 1 },
            { at: '2026-03-02T12:00:00Z', pain: 1 },
          ],
        },
        diary: {
          baselinePain: 8,
          entries: [
            { at: '2026-03-16T10:00:00Z', pain: 2, pgic: 2 },
            { at: '2026-04-13T10:00:00Z', pain: 3, pgic: 2 },
          ],
        },
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const full = assess(parsed.request);
    expect(full.outcome).toBeDefined();
    expect(assessOutcome(parsed.request)).toEqual(full.outcome);
    expect(assessOutcome({ ...parsed.request, diary: undefined })).toBeUndefined();
  });

  test('the same request gives the same answer (no clock is read)', () => {
    const text = JSON.stringify(
      buildRequest({
        screening: {},
        redFlagReport: { reportedAt: '2026-03-11T10:00:00Z', symptoms: ['other'] },
      }),
    );
    expect(assessJson(text)).toEqual(assessJson(text));
  });

  test.each([
    ['not JSON', '{', /invalid JSON/],
    [
      'no settings',
      JSON.stringify({ now: '2026-03-02T10:00:00Z', episode: { purpose: 'both' } }),
      /^settings: /m,
    ],
    [
      'a bad purpose',
      JSON.stringify(buildRequest({ episode: { purpose: 'curative' as never } })),
      /^episode\.purpose: /m,
    ],
    [
      // The line says what to write: a time without its offset is ambiguous in a clinic's zone.
      'a time without its offset',
      JSON.stringify({ ...buildRequest({}), now: '2026-03-02T10:00:00' }),
      /^now: .*with its offset, like 2026-03-02T10:00:00Z/m,
    ],
    [
      // Glucose means nothing without its unit (7 mmol/L is normal, 7 mg/dL is not possible).
      'a glucose without its unit',
      JSON.stringify({ ...buildRequest({}), screening: { labs: { glucose: 25 } } }),
      /^screening\.labs\.glucose: a value with its unit, like \{ "value": 7\.2, "unit": "mmol\/L" \}/m,
    ],
    [
      'a trimester of 4',
      JSON.stringify(buildRequest({ patient: { pregnancy: 'pregnant', trimester: 4 as never } })),
      /^patient\.trimester: the trimester: 1, 2 or 3$/m,
    ],
    [
      'a pain score of 11',
      JSON.stringify(buildRequest({ diary: { baselinePain: 11, entries: [] } })),
      /^diary\.baselinePain: /m,
    ],
    [
      'a hold without a last dose',
      JSON.stringify(
        buildRequest({
          screening: {
            agreedPlans: [
              { drug: 'apixaban', decision: 'hold', recordedBy: 'N', recordedAt: '2026-03-02T10:00:00Z' },
            ],
          },
        }),
      ),
      /^screening\.agreedPlans\.0\.lastDoseAt: /m,
    ],
    [
      // Read as given, only the date it cleared counts: an infection of last week read as long gone.
      'an infection that cleared before it started',
      JSON.stringify(
        buildRequest({
          screening: {
            infections: [
              { description: 'UTI', startedAt: '2026-02-25T00:00:00Z', resolvedAt: '2026-02-10T00:00:00Z' },
            ],
          },
        }),
      ),
      /^screening\.infections\.0\.resolvedAt: The date it cleared is before the date it started: check both dates$/m,
    ],
  ])('invalid input (%s) → exit 2 with field paths', (_n, text, message) => {
    const out = assessJson(text);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });

  // A misspelt field is not read: said on stderr, so a request that meant "lastDoseAt" or
  // "anticoagulants" is not taken for one without them. The assessment still answers (exit 0).
  test('a field the request does not have is named on stderr as ignored; the assessment still answers', () => {
    const request = buildRequest({
      patient: { antithrombotics: [{ name: 'apixaban' }] },
      screening: { labs: { inr: 1.1 } },
    });
    const text = JSON.stringify({
      ...request,
      patient: { ...request.patient, anticoagulants: [{ name: 'warfarin' }] },
      screening: { ...request.screening, labs: { inr: 1.1, haemoglobin: 120 } },
      episode: { ...request.episode, notes: 'left' },
    });
    const out = assessJson(text);
    expect(out.exitCode).toBe(0);
    // The same answer as without the unknown fields: nothing of them was read.
    expect(out.stdout).toBe(assessJson(JSON.stringify(request)).stdout);
    expect(out.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'episode.notes: not a field of the request, ignored',
      'patient.anticoagulants: not a field of the request, ignored',
      'screening.labs.haemoglobin: not a field of the request, ignored',
    ]);
  });

  test('former names still accepted, and an interval written as an object, are not called ignored', () => {
    const request = buildRequest({});
    const { rules, ...settings } = request.settings as typeof request.settings & { rules?: unknown };
    const out = assessJson(
      JSON.stringify({
        ...request,
        settings: {
          ...settings,
          site: rules ?? {},
          protocol: {
            profile: 'lcd-2023',
            overrides: {
              minMonthsBetweenTherapeutic: 2,
              repeatTherapeutic: { percent: 50, comparator: '>=', months: 3 },
              diagnosticSessionsPer12Months: null,
            },
          },
        },
      }),
    );
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    const interval = assessJson(
      JSON.stringify({
        ...request,
        settings: {
          ...request.settings,
          protocol: {
            profile: 'lcd-2023',
            overrides: { minIntervalBetweenTherapeutic: { value: 8, unit: 'weeks' } },
          },
        },
      }),
    );
    expect(interval.exitCode, interval.stderr).toBe(0);
    expect(interval.stderr).toBe('');
  });

  test('screen, symptom triage and the side check are callable on their own, worded', () => {
    const input = buildScreening({ patient: { antithrombotics: [{ name: 'apixaban' }] } });
    const s = screen({
      now: input.now,
      settings: input.settings,
      patient: input.patient,
      episode: input.episode,
      facts: input.facts,
    });
    expect(s.findings[0]?.staffText).toContain('apixaban');
    const settings = buildSettings();
    const r = triageRedFlagReport(
      { reportedAt: '2026-03-11T10:00:00Z', symptoms: ['saddle-numbness'] },
      undefined,
      settings,
    );
    expect(r.urgency).toBe('urgent');
    expect(checkSide({ planned: 'left' }, settings).code).toBe('side_not_confirmed');
    expect(ANAESTHETICS).toContain('lidocaine');
  });
});
