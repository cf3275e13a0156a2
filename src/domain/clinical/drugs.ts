import type { SourceKey } from './sources.ts';

/**
 * Antithrombotic drugs as data: ASRA 2018 pain-procedure guidance as clinical/sources.md §1c sets
 * it out. SI joint injection and sacral lateral-branch procedures are LOW bleeding risk
 * ([S1], [S2], [S3]); patient factors can raise them one step to INTERMEDIATE ([A2]), so only
 * those two columns are kept. Rows marked S (secondary, [S4]) are encoded as shared assessment
 * with the prescriber whatever the category; their published hold is kept only as a reference.
 */

export type BleedingRisk = 'low' | 'intermediate';

export type Advice =
  | { kind: 'continue' }
  /** A firm hold measured back from the procedure time (confirmed rows only). */
  | { kind: 'hold'; hours: number; requiresNormalInr?: boolean }
  | { kind: 'shared-assessment'; referenceHold?: string };

export type DrugClass =
  | 'aspirin'
  | 'aspirin-combination'
  | 'nsaid'
  | 'pde-inhibitor'
  | 'vitamin-k-antagonist'
  | 'unfractionated-heparin'
  | 'low-molecular-weight-heparin'
  | 'p2y12-inhibitor'
  | 'factor-xa-inhibitor'
  | 'thrombin-inhibitor';

export interface DrugRow {
  key: string;
  generic: string;
  /** Lower-case generic and brand names, matched case-insensitively. */
  names: string[];
  drugClass: DrugClass;
  /** Low-molecular-weight heparins differ by regimen; unknown regimen takes the longer hold. */
  regimen?: 'prophylactic' | 'therapeutic';
  advice: Record<BleedingRisk, Advice>;
  /** Hours after the procedure before restarting; null where the table shows none. */
  restart: Record<BleedingRisk, { minHours: number; maxHours: number } | null>;
  status: 'C' | 'S';
  sources: SourceKey[];
}

const h = (minHours: number, maxHours = minHours) => ({ minHours, maxHours });
const both = <T>(v: T): Record<BleedingRisk, T> => ({ low: v, intermediate: v });
const CONTINUE: Advice = { kind: 'continue' };
const SHARED: Advice = { kind: 'shared-assessment' };

function nsaid(generic: string, brands: string[]): DrugRow {
  // [S1a] NSAIDs: low "No"; intermediate "No" (footnote); restart 24 h. The per-drug days are for high risk only.
  return {
    key: generic,
    generic,
    names: [generic, ...brands],
    drugClass: 'nsaid',
    advice: both(CONTINUE),
    restart: both(h(24)),
    status: 'C',
    sources: ['S1a'],
  };
}

function secondary(
  generic: string,
  brands: string[],
  drugClass: DrugClass,
  referenceHold: string,
  restart: Record<BleedingRisk, { minHours: number; maxHours: number }>,
): DrugRow {
  // [S4] secondary and [A2] "STILL UNCONFIRMED": shared assessment, never a hard-coded hold.
  const advice: Advice = { kind: 'shared-assessment', referenceHold };
  return {
    key: generic,
    generic,
    names: [generic, ...brands],
    drugClass,
    advice: both(advice),
    restart,
    status: 'S',
    sources: ['S4', 'A2'],
  };
}

export const DRUG_TABLE: DrugRow[] = [
  {
    // [S1a] aspirin (primary or secondary prevention): low "No"; intermediate shared assessment; restart 24 h.
    key: 'aspirin',
    generic: 'aspirin',
    names: ['aspirin', 'acetylsalicylic acid', 'nu-seals', 'ecotrin'],
    drugClass: 'aspirin',
    advice: { low: CONTINUE, intermediate: SHARED },
    restart: both(h(24)),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] "aspirin combinations": intermediate shared assessment; the low cell is blank, so shared.
    key: 'aspirin-dipyridamole',
    generic: 'aspirin with dipyridamole',
    names: ['aspirin dipyridamole', 'aspirin and dipyridamole', 'aggrenox', 'asasantin'],
    drugClass: 'aspirin-combination',
    advice: both(SHARED),
    restart: both(h(24)),
    status: 'C',
    sources: ['S1a'],
  },
  nsaid('ibuprofen', ['brufen', 'nurofen', 'advil', 'motrin']),
  nsaid('diclofenac', ['voltarol', 'voltaren']),
  nsaid('ketorolac', ['toradol']),
  nsaid('etodolac', ['lodine']),
  nsaid('indomethacin', ['indocin']),
  nsaid('naproxen', ['naprosyn', 'aleve']),
  nsaid('meloxicam', ['mobic']),
  nsaid('nabumetone', ['relafen']),
  nsaid('oxaprozin', ['daypro']),
  nsaid('piroxicam', ['feldene']),
  {
    // [S1a] cilostazol: low and intermediate "No"; restart 24 h.
    key: 'cilostazol',
    generic: 'cilostazol',
    names: ['cilostazol', 'pletal'],
    drugClass: 'pde-inhibitor',
    advice: both(CONTINUE),
    restart: both(h(24)),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] dipyridamole: low and intermediate "No"; restart not shown.
    key: 'dipyridamole',
    generic: 'dipyridamole',
    names: ['dipyridamole', 'persantin', 'persantine'],
    drugClass: 'pde-inhibitor',
    advice: both(CONTINUE),
    restart: both(null),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] warfarin: low "No; shared assessment and risk stratification"; intermediate 5 days + normal INR; restart 6 h.
    key: 'warfarin',
    generic: 'warfarin',
    names: ['warfarin', 'coumadin', 'marevan', 'jantoven'],
    drugClass: 'vitamin-k-antagonist',
    advice: { low: SHARED, intermediate: { kind: 'hold', hours: 5 * 24, requiresNormalInr: true } },
    restart: both(h(6)),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] acenocoumarol: low shared assessment; intermediate 3 days + normal INR; restart 24 h.
    key: 'acenocoumarol',
    generic: 'acenocoumarol',
    names: ['acenocoumarol', 'sinthrome', 'sintrom'],
    drugClass: 'vitamin-k-antagonist',
    advice: { low: SHARED, intermediate: { kind: 'hold', hours: 3 * 24, requiresNormalInr: true } },
    restart: both(h(24)),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] UFH IV and SC (BID/TID): 6 h at low and intermediate risk; restart 2 h.
    key: 'heparin',
    generic: 'unfractionated heparin',
    names: ['unfractionated heparin', 'heparin sodium', 'heparin', 'ufh'],
    drugClass: 'unfractionated-heparin',
    advice: both({ kind: 'hold', hours: 6 }),
    restart: both(h(2)),
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] enoxaparin prophylactic 12 h; restart 4 h (low), 12–24 h (intermediate).
    key: 'enoxaparin-prophylactic',
    generic: 'enoxaparin',
    names: ['enoxaparin', 'clexane', 'lovenox', 'inhixa'],
    drugClass: 'low-molecular-weight-heparin',
    regimen: 'prophylactic',
    advice: both({ kind: 'hold', hours: 12 }),
    restart: { low: h(4), intermediate: h(12, 24) },
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] enoxaparin therapeutic 24 h; restart 4 h (low), 12–24 h (intermediate).
    key: 'enoxaparin-therapeutic',
    generic: 'enoxaparin',
    names: ['enoxaparin', 'clexane', 'lovenox', 'inhixa'],
    drugClass: 'low-molecular-weight-heparin',
    regimen: 'therapeutic',
    advice: both({ kind: 'hold', hours: 24 }),
    restart: { low: h(4), intermediate: h(12, 24) },
    status: 'C',
    sources: ['S1a'],
  },
  {
    // [S1a] dalteparin 24 h; restart 4 h (low), 12–24 h.
    key: 'dalteparin',
    generic: 'dalteparin',
    names: ['dalteparin', 'fragmin'],
    drugClass: 'low-molecular-weight-heparin',
    advice: both({ kind: 'hold', hours: 24 }),
    restart: { low: h(4), intermediate: h(12, 24) },
    status: 'C',
    sources: ['S1a'],
  },
  secondary('clopidogrel', ['plavix'], 'p2y12-inhibitor', '7 days (intermediate/high, [S4])', both(h(24))),
  secondary(
    'prasugrel',
    ['efient', 'effient'],
    'p2y12-inhibitor',
    '7–10 days (intermediate/high, [S4])',
    both(h(24)),
  ),
  secondary(
    'ticagrelor',
    ['brilique', 'brilinta'],
    'p2y12-inhibitor',
    '5 days (intermediate/high, [S4])',
    both(h(24)),
  ),
  secondary('fondaparinux', ['arixtra'], 'factor-xa-inhibitor', '4 days (intermediate/high, [S4])', {
    low: h(6),
    intermediate: h(24),
  }),
  secondary(
    'dabigatran',
    ['pradaxa'],
    'thrombin-inhibitor',
    '4–5 days, 6 with renal impairment (intermediate/high, [S4])',
    both(h(24)),
  ),
  secondary(
    'rivaroxaban',
    ['xarelto'],
    'factor-xa-inhibitor',
    '3 days (intermediate/high, [S4])',
    both(h(24)),
  ),
  secondary('apixaban', ['eliquis'], 'factor-xa-inhibitor', '3 days (intermediate/high, [S4])', both(h(24))),
  secondary(
    'edoxaban',
    ['lixiana', 'savaysa'],
    'factor-xa-inhibitor',
    '3 days (intermediate/high, [S4])',
    both(h(24)),
  ),
];

export function normaliseDrugName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // "Apixabán" is apixaban
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Longest names first, so "aspirin and dipyridamole" is not read as plain aspirin. A row is known
// by its generic name too: that is the name the screening form offers a plan under.
const NAME_INDEX: Array<{ name: string; rows: DrugRow[] }> = (() => {
  const byName = new Map<string, DrugRow[]>();
  for (const row of DRUG_TABLE) {
    for (const n of new Set([row.generic, ...row.names].map(normaliseDrugName))) {
      byName.set(n, [...(byName.get(n) ?? []), row]);
    }
  }
  return [...byName.entries()]
    .map(([name, rows]) => ({ name, rows }))
    .sort((a, b) => b.name.length - a.name.length);
})();

/**
 * Names of a class, not of one drug: "low molecular weight heparin" is enoxaparin or dalteparin,
 * whose holds differ ([S1a]), never the unfractionated heparin its last word names.
 */
const CLASS_NAMES = ['low molecular weight heparin', 'lmwh'];

type Reading = { names: ReadonlyArray<{ at: number; rows: DrugRow[] }>; otherWords: readonly string[] };

/**
 * The table's names a line holds as whole words, in the order written, and the words left over. A
 * longer name is taken before the shorter ones inside it: "aspirin and dipyridamole" is one drug,
 * not aspirin.
 */
function read(line: string): Reading {
  const known = readingMemo.get(line);
  if (known) return known;
  if (readingMemo.size >= READING_MEMO_MAX) readingMemo.clear();
  const reading = scanNames(line);
  readingMemo.set(line, reading);
  return reading;
}
const namesIn = (line: string) => read(line).names;

/**
 * Lines already read: one screening reads each line several times over (the bleeding risk, the
 * plans, each drug's advice), and a save screens more than once. Exact answers, bounded.
 */
const readingMemo = new Map<string, Reading>();
const READING_MEMO_MAX = 5_000;

function scanNames(line: string): Reading {
  let text = ` ${normaliseDrugName(line)} `;
  const found: Array<{ at: number; rows: DrugRow[] }> = [];
  for (const { name, rows } of [...CLASS_NAMES.map((name) => ({ name, rows: [] })), ...NAME_INDEX]) {
    for (let at = text.indexOf(` ${name} `); at !== -1; at = text.indexOf(` ${name} `, at + 1)) {
      if (rows.length > 0) found.push({ at, rows });
      text = text.slice(0, at + 1) + '#'.repeat(name.length) + text.slice(at + 1 + name.length);
    }
  }
  // Single letters are abbreviations' pieces ("b.d.", "o.n.", "s/c"), never a drug's name.
  const otherWords = text
    .split(' ')
    .filter((w) => w.length > 1 && !w.startsWith('#') && !/^x?\d/.test(w) && !DOSING_WORDS.has(w));
  return { names: found.sort((a, b) => a.at - b.at), otherWords };
}

/**
 * Words that say how much of a drug is taken, in what form, how and when, what for and since when,
 * never which drug: what follows a drug's name on a line as patients and referrers write it ("5 mg
 * twice daily", "Tab.", "75mg OD, for AF", "since stent 2024", "last dose yesterday"); and the words
 * that join two drugs.
 */
const DOSING_WORDS = new Set(
  (
    'mg mgs milligram milligrams mcg microgram micrograms gram grams ml millilitre millilitres ' +
    'iu unit units mmol dose doses dosage strength low high ' +
    'tab tabs tablet tablets cap caps capsule capsules inj injection injections sachet sachets ' +
    'oral orally po sc subcut subcutaneous subcutaneously iv im ec enteric coated dispersible ' +
    'gastro resistant sr mr xl modified extended release slow film chewable prefilled syringe pen ' +
    'solution kit pack ' +
    'od om on bd bid tds tid qds qid mane nocte prn stat ' +
    'once twice three four times an per each every daily day days week weeks weekly ' +
    'alternate morning mornings evening evenings night nights bedtime noon midday lunchtime ' +
    'breakfast lunch dinner supper food meal meals hourly hour hours hrs at in the of with ' +
    'when as required needed take takes taking taken one two half and plus also ' +
    'for af atrial fibrillation flutter dvt pe vte stroke tia prevention prophylaxis secondary ' +
    'stent stents valve mechanical metallic heart cardiac clot clots thrombosis embolism pulmonary ' +
    'deep vein after post op surgery since until from last yesterday today tonight ago stopped ' +
    'started usually currently only inr target range clinic anticoag anticoagulation gp ' +
    'cardiology cardiologist haematology hospital prescribed by'
  ).split(' '),
);

/**
 * The words of a line that are neither a drug the table knows nor how it is taken: "tinzaparin"
 * in "apixaban, tinzaparin". They may name a medicine the table does not know, so a person reads them.
 */
function otherWords(line: string): readonly string[] {
  return read(line).otherWords;
}

/** A list's separators: what follows one is another item, not the first drug's dose. */
const LIST_SEPARATOR = /[,;+&/\n]|\b(?:and|plus|also)\b/i;

/**
 * The words a line of antithrombotics lists besides the drugs the table knows and their dosing,
 * which may name a drug the table does not know: in a line that starts with a drug, those after a
 * list separator ("tinzaparin" in "apixaban, tinzaparin"; none in "Apixaban 5 mg, twice daily" or
 * "aspirin and dipyridamole", one drug); in any other line, all of them ("tinzaparin" in
 * "tinzaparin, aspirin"; none in "Tab. Apixaban 5 mg"). None in a line naming no drug it knows.
 */
export function listedWords(line: string): readonly string[] {
  if (namesIn(line).length === 0) return []; // a drug the table does not know, read as a whole
  if (!leadsWithDrug(line)) return otherWords(line);
  const [first = '', ...rest] = line.split(LIST_SEPARATOR);
  return rest.length > 0 ? otherWords(line).slice(otherWords(first).length) : [];
}

/**
 * Every drug the table knows that a line names anywhere, one row a drug, in the order written
 * (each read as findDrug reads a regimen).
 */
export function drugsNamed(line: string, regimen?: 'prophylactic' | 'therapeutic'): DrugRow[] {
  const byGeneric = new Map<string, DrugRow>();
  for (const { rows } of namesIn(line)) {
    if (!byGeneric.has(rows[0]!.generic)) byGeneric.set(rows[0]!.generic, rowFor(rows, regimen));
  }
  return [...byGeneric.values()];
}

/** Whether a line starts with a drug the table knows ("Eliquis 5 mg", not "Tab. Eliquis"). */
export function leadsWithDrug(line: string): boolean {
  return namesIn(line)[0]?.at === 0;
}

/**
 * The table row for a drug as a patient or referrer wrote it ("Eliquis 5 mg twice daily"), or
 * undefined when the table does not know it. The line must start with the drug and name no other:
 * "Aspirin + clopidogrel" is not aspirin, and in "Tab. Apixaban" or "tinzaparin, aspirin" the
 * other words may be a drug the table does not know (drugsNamed lists what such a line holds, for
 * a person to read). Where a drug's regimen changes the advice and none is given, the row with the
 * longer hold is returned (the safer reading).
 */
export function findDrug(name: string, regimen?: 'prophylactic' | 'therapeutic'): DrugRow | undefined {
  const named = drugsNamed(name, regimen);
  return named.length === 1 && leadsWithDrug(name) ? named[0] : undefined;
}

function rowFor(rows: DrugRow[], regimen: 'prophylactic' | 'therapeutic' | undefined): DrugRow {
  const exact = rows.find((r) => r.regimen === regimen);
  return exact ?? rows.reduce((a, b) => (holdHours(b.advice.low) > holdHours(a.advice.low) ? b : a));
}

function holdHours(a: Advice): number {
  return a.kind === 'hold' ? a.hours : 0;
}
