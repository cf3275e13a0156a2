/**
 * How much a caller may send: the maximum length of every list and free-text field an input schema
 * takes, in one place (issue 11, item 1). These are not clinical thresholds — no source sets them
 * and no judgement reads them. They are generous, finite sizes, so that a form never refuses what a
 * clinic really records while a request's cost stays bounded: every list an algorithm walks has a
 * known largest length, and the largest valid step body stays well under the server's body limit
 * (BODY_LIMIT_BYTES in src/server/app.ts, 256 KiB; src/server/body-size.test.ts sends it).
 */

/** Free text, in characters (UTF-16 code units, as zod counts them). */
export const TEXT = {
  /** A code, a drug's or agent's name, a dose as written ("40 mg nocte"). */
  short: 100,
  /** A person's name, a medicine's name with its form, who a plan was agreed with. */
  name: 200,
  /** A sentence or two: an infection's description, concerns for recovery, a review's note. */
  note: 1000,
  /** A reason for an amendment, an override or a decline: a short paragraph, however long the story. */
  reason: 2000,
  /** The procedure's notes: the one field where a clinician writes at length. */
  notes: 4000,
  /** An NHS number as typed (10 digits, spaces allowed) or a local MRN (3 to 20 characters). */
  identifier: 30,
  /** A URL or an IANA time-zone name. */
  url: 2000,
  timeZone: 100,
} as const;

/** Lists, in entries. */
export const LIST = {
  /** Drugs given at one injection: contrast, a local anaesthetic and a steroid, with room to spare. */
  drugsPerProcedure: 20,
  /** Anticoagulants and antiplatelets one patient takes; more than a handful is itself unusual. */
  antithrombotics: 20,
  /** Every medicine one patient takes: polypharmacy lists reach 20–30; 50 leaves room. */
  medications: 50,
  /** Allergies described with agent and reaction. */
  allergyDetails: 20,
  /** Earlier steroid or SI joint injections a patient can recall, over a lifetime. */
  previousInjections: 50,
  /** Infections in the look-back before one procedure. */
  infections: 20,
  /** Plans agreed for the patient's antithrombotics (continue or hold): one or two per drug. */
  agreedPlans: 50,
  /**
   * Clinician reviews of one screening's findings: the form keeps only those that clear a finding,
   * at most one per finding code and subject (drug, result or allergy).
   */
  clinicianReviews: 50,
  /** Pain scores in one recovery: every 15 minutes for two days is under 200. */
  painScores: 200,
  /** Pain diary entries of one episode: hourly on the day, then daily for a year and more. */
  diaryEntries: 1000,
} as const;
