/**
 * The wording model of every printed letter: sections of lines, richer than the public text shape so
 * the PDF can lay out labels and bullets. Letters build it (discharge-summary.ts, outcome-letter.ts);
 * discharge-summary.ts sets it as text or PDF.
 */
export interface Line {
  text: string;
  /** Shown in a label column (PDF) or as "label: text" (plain text). */
  label?: string;
  bullet?: boolean;
  /** Printed in bold: the one sentence the reader must not miss. */
  strong?: boolean;
}

export interface Section {
  /** Empty for unheaded blocks such as the salutation and sign-off. */
  heading: string;
  lines: Line[];
  /** urgent: kept on one page with a red bar; address and signature: lines set close together. */
  tone?: 'urgent' | 'address' | 'signature';
}

export interface Summary {
  title: string;
  identity: { label: string; value: string }[];
  sections: Section[];
}
