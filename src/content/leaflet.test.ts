import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { screen } from '../domain/clinical/assess.ts';
import type { ClinicSettings } from '../domain/clinical/settings.ts';
import { buildScreening, buildSettings, PROCEDURE_AT } from '../domain/clinical/testing.ts';
import { LeafletFormatError, parseLeaflet } from './document.ts';
import { type LeafletEpisode, leafletFacts } from './facts.ts';
import { leafletProse, readingGrade, TARGET_GRADE } from './reading-grade.ts';
import { type RenderedLeaflet, renderLeaflet } from './render.ts';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'leaflets/sij-injection.md');
const source = readFileSync(file, 'utf8');
const doc = parseLeaflet('sij-injection.md', source);

type ScreeningParts = Parameters<typeof buildScreening>[0];

/** An episode booked with this screening (as staff recorded it), not yet done. */
function booked(parts: ScreeningParts = {}, settings: ClinicSettings = buildSettings()): LeafletEpisode {
  const s = screen(buildScreening({ ...parts, settings }));
  return {
    purpose: 'therapeutic',
    screening: { verdict: s.verdict, findings: s.findings },
    overridden: false,
    notSafeNow: s.verdict === 'not-safe-yet',
    screeningFacts: null,
    plannedAt: PROCEDURE_AT,
    performed: null,
  };
}

function render(e: LeafletEpisode, settings: ClinicSettings = buildSettings()): RenderedLeaflet {
  const { clinic } = settings;
  return renderLeaflet(doc, leafletFacts(e, settings), {
    name: clinic.name,
    timeZone: clinic.timeZone,
    locale: clinic.locale,
    contacts: clinic.contacts,
  });
}

/** Everything the person reads, as one string. */
function text(l: RenderedLeaflet): string {
  const blocks = [...l.intro, ...l.sections.flatMap((s) => s.blocks)];
  return [
    ...l.sections.map((s) => s.heading),
    ...blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.items)),
  ].join('\n');
}

const APIXABAN = { antithrombotics: [{ name: 'apixaban', regimen: 'therapeutic' as const }] };

describe('the SI joint injection leaflet', () => {
  it('carries document control: reference, version, issued, review date, owner and its sources', () => {
    expect(doc.control).toMatchObject({ reference: 'SIJ-1', version: 1, owner: expect.any(String) });
    expect(doc.control.reviewDate > doc.control.issued).toBe(true);
    expect(doc.control.sources).toContain('seed-003');
  });

  it('gives a patient with no drug plan no word about blood thinners beyond "tell us"', () => {
    const t = text(render(booked()));
    expect(t).not.toMatch(/last dose|Start your .* again|Keep taking/);
    expect(t).not.toContain('Your blood-thinning medicine');
  });

  it('gives an agreed hold plan its own last-dose and restart dates', () => {
    const e = booked({
      patient: APIXABAN,
      facts: {
        agreedPlans: [
          {
            drug: 'apixaban',
            decision: 'hold',
            lastDoseAt: '2026-03-08T09:00:00.000Z',
            restartAfterHours: 24,
            recordedBy: 'Dr Test',
            recordedAt: '2026-03-02T10:00:00.000Z',
          },
        ],
      },
    });
    const t = text(render(e));
    expect(t).toContain('Take your last dose of apixaban on Sunday 8 March 2026, 09:00.');
    expect(t).toContain('Start your apixaban again on Wednesday 11 March 2026, 09:30.');
  });

  it('never tells a patient to stop a drug nobody agreed to hold', () => {
    const t = text(render(booked({ patient: APIXABAN })));
    expect(t).not.toMatch(/last dose|Start your apixaban again/);
  });

  it('tells a diabetic patient to check their glucose, and nobody else', () => {
    expect(text(render(booked({ patient: { diabetes: { insulin: true } } })))).toContain(
      'If you have diabetes',
    );
    expect(text(render(booked()))).not.toContain('blood sugar');
  });

  it('speaks of the steroid for a diagnostic block only when one is planned for it', () => {
    const diagnostic = (episode: NonNullable<ScreeningParts>['episode']) => {
      const parts = { episode: { purpose: 'diagnostic' as const, ...episode } };
      const s = buildScreening(parts);
      return text(
        render({
          ...booked(parts),
          purpose: 'diagnostic',
          screeningFacts: {
            patient: { diabetes: null },
            labs: s.facts.labs,
            agreedPlans: s.facts.agreedPlans,
            episode: s.episode,
          },
        }),
      );
    };
    expect(diagnostic({})).not.toContain('The steroid');
    const planned = diagnostic({ plannedSteroid: { agent: 'triamcinolone', doseMg: 40 } });
    expect(planned).toContain('The steroid');
    expect(planned).toContain('It may also have a steroid');
  });

  it('names the escort, no driving and an adult at home for the clinic’s hours', () => {
    const t = text(render(booked()));
    expect(t).toContain('An adult must take you home. You must not drive yourself.');
    expect(t).toMatch(/An adult should stay with you at home for \d+ hours\./);
    expect(t).toMatch(/This flare should settle within about \d+ days\./);
  });

  it('gives only the waiting notice while the screening says not safe yet', () => {
    const e = booked({ facts: { feverNow: true } });
    expect(e.screening?.verdict).toBe('not-safe-yet');
    const l = render(e);
    expect(l.sections.map((s) => s.heading)).toContain('Your injection needs to wait');
    expect(text(l)).not.toContain('Eating and drinking');
    expect(text(l)).not.toContain('Getting home');
  });

  it('uses the clinic’s own numbers', () => {
    const settings = buildSettings({
      clinic: {
        contacts: { phone: '0100 000 111', urgentPhone: '0100 000 222', outOfHours: 'Call the ward.' },
      },
    });
    const t = text(render(booked({}, settings), settings));
    expect(t).toContain('0100 000 111');
    expect(t).toContain('0100 000 222');
    expect(t).toContain('Call the ward.');
  });

  it('is worded for the clinic’s locale: en-GB and en-US', () => {
    const gb = text(render(booked()));
    expect(gb).toContain('local anaesthetic');
    expect(gb).toContain('GP (family doctor)');
    expect(gb).toContain('call 999');
    const us = buildSettings({ clinic: { locale: 'en-US', timeZone: 'America/New_York' } });
    const t = text(render(booked({}, us), us));
    expect(t).toContain('local anesthetic');
    expect(t).toContain('primary care doctor');
    expect(t).toContain('call 911');
    expect(t).not.toMatch(/anaesthetic|\bGP\b|999/);
  });

  it('after the procedure gives the times numbness and no driving end', () => {
    const e: LeafletEpisode = {
      ...booked(),
      performed: { at: PROCEDURE_AT, steroidGiven: true, anaesthetic: 'lidocaine' },
    };
    const l = render(e);
    const t = text(l);
    expect(t).toMatch(/It should wear off by \w+day \d+ March 2026, \d\d:\d\d\./);
    expect(t).toMatch(/Do not drive until \w+day \d+ March 2026, \d\d:\d\d\./);
    expect(l.sections.map((s) => s.heading)).not.toContain('Before your injection');
  });

  it('reads at grade 8 or easier in every locale', () => {
    for (const locale of ['en-GB', 'en-US'] as const) {
      expect(readingGrade(leafletProse(doc, locale)).grade).toBeLessThanOrEqual(TARGET_GRADE);
    }
  });

  it('refuses a statement citing a source it does not list, with its line', () => {
    const bad = source.replace('{cite=seed-003}', '{cite=S2}');
    expect(() => parseLeaflet('bad.md', bad)).toThrow(LeafletFormatError);
    expect(() => parseLeaflet('bad.md', bad)).toThrow(/bad\.md:\d+: source S2 is cited but not listed/);
  });

  it('refuses an unknown condition or variable', () => {
    expect(() => parseLeaflet('x.md', source.replace('{when=diabetes}', '{when=diabetic}'))).toThrow(
      /unknown condition "diabetic"/,
    );
    expect(() => parseLeaflet('x.md', source.replace('{{clinic.phone}}', '{{clinic.fax}}'))).toThrow(
      /unknown variable \{\{clinic\.fax\}\}/,
    );
  });
});
