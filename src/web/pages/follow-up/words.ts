/** The diary's words, shared by the clinician's and the patient's pages. */

/** Patient Global Impression of Change, 1–7 (clinical/sources-addendum.md §4). */
export const pgicLabels: Record<number, string> = {
  1: 'Very much improved',
  2: 'Much improved',
  3: 'A little improved',
  4: 'No change',
  5: 'A little worse',
  6: 'Much worse',
  7: 'Very much worse',
};

/** Anchors of the 0–10 pain scale, as the patient chooses. */
export const painAnchors: Record<number, string> = {
  0: 'No pain',
  5: 'Moderate',
  10: 'Worst imaginable',
};

/** A prompt in words: "2 h after", "day 3", "week 6". */
export function promptLabel(kind: 'hour' | 'day' | 'week', after: number): string {
  if (kind === 'hour')
    return after % 60 === 0 ? `${after / 60} h after the injection` : `${after} min after the injection`;
  return kind === 'day' ? `Day ${after}` : `Week ${after}`;
}
