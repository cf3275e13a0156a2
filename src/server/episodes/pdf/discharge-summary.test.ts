import { describe, expect, test } from 'vitest';
import { readPdf } from '../../../../test/support/pdf.ts';
import { dischargeSummaryInput } from './discharge-summary.fixture.ts';
import {
  type DischargeSummaryInput,
  dischargeSummaryText,
  renderDischargeSummary,
} from './discharge-summary.ts';

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const { text, pages } = await readPdf(pdf);
  // pdf.js reports Helvetica's "mu" glyph as Greek small mu (U+03BC); what is printed is the
  // Latin-1 micro sign, so fold it back to compare with the input.
  return { text: text.replace(/\u03bc/g, '\u00b5'), pages };
}

async function rendered(input: DischargeSummaryInput, copy: 'patient' | 'referrer') {
  return pdfText(await renderDischargeSummary(input, copy));
}

function flatText(input: DischargeSummaryInput, copy: 'patient' | 'referrer'): string {
  const t = dischargeSummaryText(input, copy);
  return [t.title, ...t.sections.flatMap((s) => [s.heading, ...s.lines])].join('\n');
}

// A winter (GMT) procedure, to pair with the fixture's summer (BST) one.
const winter = dischargeSummaryInput({
  procedure: {
    performedAt: '2026-01-15T09:30:00Z',
    side: 'right',
    guidance: 'ultrasound',
    radiationDose: undefined,
  },
  recovery: {
    scores: [
      { at: '2026-01-15T10:05:00Z', pain: 4 },
      { at: '2026-01-16T08:00:00Z', pain: 3 }, // next morning: the date must be shown
    ],
    dischargedAt: '2026-01-15T10:50:00Z',
  },
  generatedAt: '2026-01-15T10:55:00Z',
});

describe('rendered PDF', () => {
  test('GP letter carries the identification, procedure, drugs and times in the clinic zone (BST)', async () => {
    const { text } = await rendered(dischargeSummaryInput(), 'referrer');
    for (const expected of [
      'Riverside Pain Clinic',
      'Margaret Okonkwo-Hughes',
      '12 April 1958',
      '943 476 5919',
      'RPC-004521',
      'Sacroiliac joint injection: discharge letter',
      'Dear Dr Patel,',
      'Left',
      'iohexol 300 mg/mL 0.5 mL',
      'bupivacaine 0.5% 2 mL (10 mg)',
      'triamcinolone 40 mg/mL 1 mL (40 mg)',
      '1 July 2026 at 10:30', // 09:30Z in BST
      '10:45',
      '11:00',
      '1 July 2026 at 11:40',
      'None recorded',
      '12.4 µGy·m²',
      '0161 496 0999',
      'The patient will keep a pain diary; we will write again with the outcome.',
      'Generated 1 July 2026 at 11:42 · Decision support — clinical judgement remains with the clinician',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('09:30');
  });

  test('times in winter are GMT, and a score on a later day shows its date', async () => {
    const gp = (await rendered(winter, 'referrer')).text;
    expect(gp).toContain('15 January 2026 at 09:30');
    expect(gp).toContain('10:05');
    expect(gp).toContain('16 January 2026 at 08:00');
    expect(gp).toContain('Right');
    // Ultrasound uses no radiation, so no dose line is printed.
    expect(gp).not.toContain('Radiation dose');
    const patient = (await rendered(winter, 'patient')).text;
    expect(patient).toContain('right sacroiliac joint on 15 January 2026 at 09:30');
    expect(patient).toContain('You went home on 15 January 2026 at 10:50.');
  });

  test('GP letter quotes the override reason and lists the unmet criteria', async () => {
    const input = dischargeSummaryInput({
      recovery: {
        dischargeOverrideReason: 'Patient insisted on leaving; escort present',
        readinessMissing: ['Leg power back to baseline'],
      },
    });
    const { text } = await rendered(input, 'referrer');
    expect(text).toContain('Discharge criteria were not all met');
    expect(text).toContain('“Patient insisted on leaving; escort present”');
    expect(text).toContain('Leg power back to baseline');
    expect(text).not.toContain('All discharge criteria were met.');
  });

  test('GP letter lists complications when there are some', async () => {
    const input = dischargeSummaryInput({ procedure: { complications: ['Vasovagal episode, resolved'] } });
    const { text } = await rendered(input, 'referrer');
    expect(text).toContain('Vasovagal episode, resolved');
    expect(text).not.toContain('None recorded');
  });

  test('patient copy is in plain English and leaves out the clinical register', async () => {
    const input = dischargeSummaryInput({
      recovery: {
        dischargeOverrideReason: 'Patient insisted on leaving',
        readinessMissing: ['Walked unaided'],
      },
    });
    const { text } = await rendered(input, 'patient');
    for (const expected of [
      'Riverside Pain Clinic',
      'Discharge summary — your copy',
      'Margaret Okonkwo-Hughes',
      '943 476 5919',
      'You had an injection into your left sacroiliac joint on 1 July 2026 at 10:30.',
      'bupivacaine 0.5% 2 mL (10 mg)',
      'triamcinolone 40 mg/mL 1 mL (40 mg)',
      'Pain at 10:45',
      'Restart your apixaban tomorrow morning (2 July).',
      'Get help urgently',
      'problems controlling your bladder or bowels',
      'Ring our urgent line straight away on 0161 496 0999.',
      'When we are closed: call NHS 111, or 999 in an emergency.',
      'ring Riverside Pain Clinic on 0161 496 0000',
    ]) {
      expect(text).toContain(expected);
    }
    for (const excluded of [
      'Dear',
      'Radiation',
      'µGy',
      'Threshold',
      'Positive',
      'Patient insisted on leaving',
      'Walked unaided',
      'Single pass', // operative notes
      'pain diary; we will write again',
    ]) {
      expect(text).not.toContain(excluded);
    }
  });

  test('names in any script print as written, in both copies (issue 9, defect 13)', async () => {
    const names = [
      { givenName: 'Łucja', familyName: 'Wójcik-Nakamura 中村' },
      { givenName: 'Αλέξανδρος', familyName: 'Παπαδόπουλος' },
      { givenName: 'Nguyễn Thị', familyName: 'Hương' },
      { givenName: 'Жанна', familyName: 'Дvořák' },
    ];
    for (const patient of names) {
      const input = dischargeSummaryInput({ patient });
      for (const copy of ['patient', 'referrer'] as const) {
        const { text, pages } = await rendered(input, copy);
        const name = `${patient.givenName} ${patient.familyName}`;
        // In the identification band, in the letter's opening, and in every page's footer.
        expect(text.split(name).length - 1, `${copy}: ${name}`).toBeGreaterThanOrEqual(pages + 1);
        expect(text).not.toContain('?');
      }
    }
  });

  test('a right-to-left name keeps every letter and every word', async () => {
    const input = dischargeSummaryInput({ patient: { givenName: 'محمد', familyName: 'عبد الله' } });
    const { text } = await rendered(input, 'referrer');
    for (const word of ['محمد', 'عبد', 'الله']) expect(text).toContain(word);
    expect(text).not.toContain('?');
  });

  test('symbols print as typed, not spelled out', async () => {
    const input = dischargeSummaryInput({
      patient: { givenName: 'Łucja', familyName: 'Dvořák' },
      procedure: { radiationDose: { value: 3, unit: 'μGy·m²' } }, // Greek mu, as typed on many keyboards
      recovery: {
        blockResponse: {
          classification: 'negative',
          peakReliefPercent: 20,
          thresholdText: '≥ 50% → positive',
          reasons: [],
        },
      },
    });
    const { text } = await rendered(input, 'referrer');
    expect(text).toContain('Łucja Dvořák');
    expect(text).toContain('3 µGy·m²');
    expect(text).toContain('≥ 50% → positive');
    expect(text).toContain('Negative');
  });

  test('the date of birth stays on one line, whatever the month', async () => {
    const input = dischargeSummaryInput({
      patient: { birthDate: '1958-09-28', givenName: 'Bartholomew', familyName: 'Featherstonehaugh-Wójcik' },
    });
    for (const copy of ['patient', 'referrer'] as const) {
      const { text } = await rendered(input, copy);
      expect(text).toContain('28 September 1958');
      expect(text).toContain('Bartholomew Featherstonehaugh-Wójcik');
    }
  });

  test('the letter is addressed to the referrer, greets them by name only and is signed by the clinician', async () => {
    const { text } = await rendered(dischargeSummaryInput(), 'referrer');
    expect(text).toContain('Dear Dr Patel,');
    expect(text).not.toMatch(/Dear Dr Patel, Riverside/);
    const address = text.indexOf('Riverside Medical Practice');
    expect(address).toBeGreaterThan(-1);
    expect(address).toBeLessThan(text.indexOf('Dear Dr Patel,'));
    expect(text).toContain('12 Mill Lane');
    expect(text).toContain('Exampletown EX1 4CD');
    const signOff = text.slice(text.indexOf('Yours sincerely,'));
    expect(signOff).toMatch(/Yours sincerely,\s+Dr Sarah Lin\s+Consultant in Pain Medicine/);
  });

  test('an indeterminate block is printed with its reason', async () => {
    const input = dischargeSummaryInput({
      recovery: {
        blockResponse: {
          classification: 'indeterminate',
          peakReliefPercent: 80,
          thresholdText: 'positive with at least 75% relief (protocol lcd-2023 2023.1)',
          reasons: [
            'Relief reached 80 %, but no expected duration is set for bupivacaine: set it in the clinic settings or on the record, then re-read.',
          ],
        },
      },
    });
    const { text } = await rendered(input, 'referrer');
    expect(text).toContain('Indeterminate');
    expect(text).toContain('no expected duration is set for bupivacaine');
  });

  test('every page has the footer with its number, and the output is reproducible', async () => {
    const input = dischargeSummaryInput();
    const pdf = await renderDischargeSummary(input, 'referrer');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text.match(/NHS number 943 476 5919/g)).toHaveLength(pages);
    expect((await renderDischargeSummary(input, 'referrer')).equals(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('a long letter flows onto further pages without losing lines', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `Instruction number ${i + 1} for the patient.`);
    const { text, pages } = await rendered(dischargeSummaryInput({ patientInstructions: many }), 'patient');
    expect(pages).toBeGreaterThan(1);
    for (const line of many) expect(text).toContain(line);
  });

  test('an instant without an offset is rejected rather than read in the server zone', async () => {
    const input = dischargeSummaryInput({ procedure: { performedAt: '2026-07-01T09:30:00' } });
    await expect(renderDischargeSummary(input, 'referrer')).rejects.toThrow(/procedure\.performedAt/);
  });
});

describe('dischargeSummaryText', () => {
  test('starts with the identification block and titles each copy', () => {
    const gp = dischargeSummaryText(dischargeSummaryInput(), 'referrer');
    expect(gp.title).toBe('Sacroiliac joint injection: discharge letter');
    expect(gp.sections[0]).toEqual({
      heading: 'Patient',
      lines: [
        'Name: Margaret Okonkwo-Hughes',
        'Date of birth: 12 April 1958',
        'NHS number: 943 476 5919',
        'MRN: RPC-004521',
      ],
    });
    expect(gp.sections[1]).toEqual({
      heading: '',
      lines: ['Dr Patel', 'Riverside Medical Practice', '12 Mill Lane', 'Exampletown EX1 4CD'],
    });
    expect(gp.sections[2]?.lines[0]).toBe('Dear Dr Patel,');
    expect(gp.sections.at(-1)?.lines).toEqual([
      'Yours sincerely,',
      'Dr Sarah Lin',
      'Consultant in Pain Medicine, Riverside Pain Clinic',
    ]);
    expect(dischargeSummaryText(dischargeSummaryInput(), 'patient').title).toBe(
      'Discharge summary — your copy',
    );
  });

  test('GP procedure section writes each drug the way a drug chart does', () => {
    const input = dischargeSummaryInput({
      procedure: {
        drugs: [
          {
            kind: 'local-anaesthetic',
            agent: 'lidocaine',
            concentration: { value: 1, unit: '%' },
            volumeMl: 2.5,
          },
          { kind: 'saline', agent: 'sodium chloride', concentration: { value: 0.9, unit: '%' }, volumeMl: 1 },
          { kind: 'steroid', agent: 'dexamethasone', volumeMl: 0.1 + 0.2, doseMg: 3.3 },
        ],
      },
    });
    const procedure = dischargeSummaryText(input, 'referrer').sections.find((s) => s.heading === 'Procedure');
    expect(procedure?.lines).toEqual(
      expect.arrayContaining([
        'Local anaesthetic: lidocaine 1% 2.5 mL',
        'Saline: sodium chloride 0.9% 1 mL',
        'Steroid: dexamethasone 0.3 mL (3.3 mg)', // no float noise
        'Side: Left',
        'Image guidance: Fluoroscopy',
        'Target: Intra-articular',
        'Contrast: Used; intra-articular spread',
        'Radiation dose: 12.4 µGy·m²',
        'Duration: 14 minutes',
        'Complications: None recorded',
      ]),
    );
  });

  test('GP letter: indication, purpose, pain scores and block interpretation with its threshold', () => {
    const text = flatText(dischargeSummaryInput({ episode: { purpose: 'both' } }), 'referrer');
    expect(text).toContain('Reason for referral: Right-sided buttock pain');
    expect(text).toContain('Purpose: Diagnostic and therapeutic');
    expect(text).toContain('following your referral of 14 May 2026');
    expect(text).toContain('Before injection: 7/10');
    expect(text).toContain('10:45: 3/10');
    expect(text).toContain('Result: Positive');
    expect(text).toContain('Peak relief: 71%');
    expect(text).toContain('Threshold: ≥ 50% relief from baseline within the bupivacaine window');
    expect(text).toContain('All discharge criteria were met.');
  });

  test('GP letter handles a block not assessed, unused contrast and no scores', () => {
    const input = dischargeSummaryInput({
      procedure: { contrast: { used: false }, radiationDose: undefined, durationMinutes: 1 },
      recovery: { blockResponse: null, scores: [] },
      patient: { nhsNumber: null, mrn: null },
    });
    const text = flatText(input, 'referrer');
    expect(text).toContain('Contrast: Not used');
    expect(text).toContain('Radiation dose: Not recorded'); // fluoroscopy without a dose is worth flagging
    expect(text).toContain('Duration: 1 minute');
    expect(text).toContain('Block interpretation\nNot assessed.');
    expect(text).toContain('No scores were recorded after the injection.');
    expect(text).toContain('NHS number: Not recorded');
    expect(text).toContain('MRN: Not recorded');
  });

  test('GP letter: a block after which pain was worse says so in words, not "-25%"', () => {
    const input = dischargeSummaryInput({
      recovery: {
        blockResponse: {
          classification: 'negative',
          peakReliefPercent: -25,
          thresholdText: '≥ 50% relief from baseline within the bupivacaine window',
          reasons: [],
        },
      },
    });
    const text = flatText(input, 'referrer');
    expect(text).toContain('Peak relief: None (pain was worse than before at every score; -25% at best)');
    expect(text).not.toContain('Peak relief: -25%');
  });

  test('patient copy uses the given instructions verbatim and invents no advice', () => {
    const input = dischargeSummaryInput({
      patientInstructions: ['Rest today.'],
      urgentSymptoms: ['a fever'],
    });
    const t = dischargeSummaryText(input, 'patient');
    const expectations = t.sections.find((s) => s.heading === 'What to expect and what to do');
    expect(expectations?.lines).toEqual(['Rest today.']);
    const urgent = t.sections.find((s) => s.heading.startsWith('Get help urgently'));
    expect(urgent?.lines).toEqual([
      'a fever',
      'Ring our urgent line straight away on 0161 496 0999.',
      'When we are closed: call NHS 111, or 999 in an emergency.',
    ]);
    expect(flatText(input, 'patient')).not.toMatch(/sore|wear off|few days/i);
  });

  test('patient copy describes both sides and periarticular targets in plain words', () => {
    const input = dischargeSummaryInput({
      procedure: { side: 'both', target: 'periarticular', guidance: 'ct' },
    });
    const text = flatText(input, 'patient');
    expect(text).toContain(
      'You had an injection around both of your sacroiliac joints on 1 July 2026 at 10:30.',
    );
    expect(text).toContain('A CT scan was used to guide the needle.');
  });

  test('an NHS number that is not ten digits is printed as recorded, not regrouped', () => {
    const t = dischargeSummaryText(dischargeSummaryInput({ patient: { nhsNumber: '12345' } }), 'referrer');
    expect(t.sections[0]?.lines).toContain('NHS number: 12345');
  });
});
