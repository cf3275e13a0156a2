import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assessJson } from './assess-json.ts';
import type { SourceRef } from './sources.ts';
import { cite, SOURCES, type SourceKey } from './sources.ts';

// What a clinician must not read in a citation: the repository's own bookkeeping.
const INTERNAL =
  /UNCONFIRMED|unverified|sources(-addendum)?\.md|§|\[(DESIGN|README|S\d+[a-z]?|A\d)\]|clinical\/|seeds\/|DESIGN\.md|README\.md/;

const keys = Object.keys(SOURCES) as SourceKey[];

describe('a citation a clinician can read (issue 9, defect 14)', () => {
  test.each(keys)('%s reads without internal notes, and keeps its key', (key) => {
    const source = cite(key);
    expect(source.key).toBe(key);
    expect(source.ref).not.toMatch(INTERNAL);
    expect(source.title).not.toMatch(INTERNAL);
    expect(source.ref.length).toBeGreaterThan(10);
  });

  test('a guideline names its year and links to the address in the source list', () => {
    const s = cite('S9', 'scores on the following days');
    expect(s).toMatchObject({
      key: 'S9',
      year: 2023,
      section: 'scores on the following days',
      url: 'https://cms.gov/medicare-coverage-database/view/lcd.aspx?lcdId=39402',
    });
    expect(s.ref).toMatch(/Medicare/);
    expect(s.ref).toContain('(2023)');
    expect(s.ref).toMatch(/: scores on the following days$/);
  });

  test('the internal reference is kept in the note for the audit and the hazard log', () => {
    expect(cite('S4').note).toContain('clinical/sources.md [S4]');
    expect(cite('S4').note).toMatch(/secondary, unverified/);
    expect(cite('S4').ref).not.toMatch(/unverified/);
    const unconfirmed = cite(
      'README',
      'anaesthetic durations are set by the clinic',
      'sources.md §2c UNCONFIRMED',
    );
    expect(unconfirmed.note).toContain('sources.md §2c UNCONFIRMED');
    expect(unconfirmed.ref).not.toMatch(INTERNAL);
  });

  test("the service's own rules say so rather than citing a guideline", () => {
    const rule = cite('README', 'lab limits are set by the clinic');
    expect(rule.own).toBe(true);
    expect(rule.url).toBeUndefined();
    expect(rule.ref).toBe("SIJ Pathway's own rule: lab limits are set by the clinic");
    const design = cite('DESIGN', 'safety checklist');
    expect(design.own).toBe(true);
    expect(design.ref).toBe('SIJ Pathway design: safety checklist');
    expect(cite('S38').own).toBeUndefined();
  });

  test('every source in every worked example reads cleanly', () => {
    const dir = join(import.meta.dirname, '../../../docs/examples');
    const seen: SourceRef[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (Array.isArray(o.sources)) seen.push(...(o.sources as SourceRef[]));
        Object.values(o).forEach(collect);
      }
    };
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.request.json'))) {
      const out = assessJson(readFileSync(join(dir, file), 'utf8'));
      collect(JSON.parse(out.stdout));
    }
    expect(seen.length).toBeGreaterThan(50);
    for (const s of seen) {
      expect(s.ref, JSON.stringify(s)).not.toMatch(INTERNAL);
      expect(s.key).toBeTruthy();
    }
  });
});
