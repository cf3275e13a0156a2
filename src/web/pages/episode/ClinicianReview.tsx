/**
 * A clinician's review of a `review` finding (a drug the table does not know, a lab value with no
 * clinic limit, …). Recorded on the screening form as a fact (`screening.clinicianReviews`); the
 * rules then turn the finding into an action and stop it blocking scheduling. A review never
 * clears a stop, nor a drug that needs a plan agreed with the prescriber (that needs the plan).
 */

import { Button, Group, List, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { type Finding, reviewSubject } from '../../../domain/clinical';
import { ReasonForm } from '../../components/ReasonForm';
import { formatDateTime } from '../../format';
import type { ReviewRow } from './screeningValues';

/** Findings a recorded clinician review clears (see `applyReview` in the clinical core). */
export const reviewable = (f: Finding) => f.severity === 'review' && f.code !== 'antithrombotic_plan_needed';

/** Whether a review is the one the rules used for a finding (they record who and when on it). */
export const reviewApplied = (r: ReviewRow, findings: Finding[]) =>
  findings.some(
    (f) =>
      f.code === r.code && f.details.reviewedBy === r.recordedBy && f.details.reviewedAt === r.recordedAt,
  );

const codeLabels: Record<string, string> = {
  antithrombotic_unknown: 'Medicine not in the antithrombotic table',
  lab_no_limit_set: 'Lab value with no clinic limit',
  bleeding_disorder: 'Bleeding disorder',
  allergy_local_anaesthetic: 'Local anaesthetic allergy',
  allergy_steroid: 'Steroid allergy',
  pregnancy_steroid_choice: 'Steroid choice in pregnancy',
  steroid_dose_unknown: 'Earlier steroid dose not known',
  question_not_asked: 'Question not asked',
  question_answer_incomplete: 'Answer without details',
  antithrombotic_plan_too_short: 'Hold shorter than the clinic suggests',
  antithrombotic_dose_after_plan: 'Dose taken after the agreed last dose',
  antithrombotic_last_dose_after_procedure: "Hold's last dose after the procedure",
  previous_injection_after_today: 'Earlier injection dated after today',
  repeat_relief_below_protocol: 'Earlier relief below the protocol, or not recorded',
};

/** A screening question a review is about (its subject is the question's key), in words. */
const questionLabels: Record<string, string> = {
  infection: 'infection',
  antithrombotics: 'anticoagulant or antiplatelet medicines',
  bleedingDisorder: 'bleeding disorder',
  allergies: 'allergies',
  pregnancy: 'pregnancy',
  diabetes: 'diabetes',
  previousInjections: 'earlier injections',
  goingHome: 'escort and an adult at home',
};
const subjectText = (subject: string) => questionLabels[subject] ?? subject;

export function reviewLabel(r: { code: string; subject?: string | undefined }): string {
  const what = codeLabels[r.code] ?? r.code.replaceAll('_', ' ');
  return r.subject ? `${what}: ${subjectText(r.subject)}` : what;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
export const reviewButtonId = (f: Finding) => `review-${slug(f.code)}-${slug(reviewSubject(f) ?? '')}`;

/** Under a live `review` finding: the button for a clinician, or who must act for anyone else. */
export function ReviewAction({
  finding,
  clinician,
  onReview,
}: {
  finding: Finding;
  clinician: boolean;
  onReview: (f: Finding) => void;
}) {
  if (!reviewable(finding)) return null;
  const subject = reviewSubject(finding);
  if (!clinician) {
    return (
      <Text size="sm" fw={600}>
        A clinician must review this
      </Text>
    );
  }
  return (
    <Group>
      <Button id={reviewButtonId(finding)} size="xs" variant="default" onClick={() => onReview(finding)}>
        Record clinician review
        <VisuallyHidden> of {subject ? subjectText(subject) : reviewLabel(finding)}</VisuallyHidden>
      </Button>
    </Group>
  );
}

/** The dialog's form: a note is required; the name and time come from the session and the clock. */
export function ReviewForm({
  finding,
  reviewer,
  onRecord,
  onCancel,
}: {
  finding: Finding;
  reviewer: string;
  onRecord: (note: string) => void;
  onCancel: () => void;
}) {
  return (
    <ReasonForm
      formLabel="Clinician review"
      label="Note"
      description="What you reviewed and what you decided"
      missing="Write a note for the record: what you reviewed and decided"
      submitLabel="Record review"
      pending={false}
      onSubmit={onRecord}
      onCancel={onCancel}
    >
      <Text size="sm">{finding.staffText}</Text>
      <Text size="sm" c="gray.8">
        Recorded as {reviewer}, now. The review goes into this screening; it is kept when you save it, and
        lets booking go ahead for this finding. It does not clear anything that makes the injection not safe
        yet.
      </Text>
    </ReasonForm>
  );
}

/** Recorded reviews: what, who, when and the note; on the form, each can be removed. */
export function ReviewList({
  reviews,
  timeZone,
  headingOrder = 3,
  title = 'Clinician reviews',
  applied,
  onRemove,
}: {
  reviews: ReviewRow[];
  timeZone: string;
  headingOrder?: 3 | 4;
  /** Unique on the page: the form's list and the recorded one can both be shown. */
  title?: string;
  /** On the form: whether the review still applies to a finding (else it is not saved). */
  applied?: (r: ReviewRow) => boolean;
  onRemove?: (index: number) => void;
}) {
  const headingId = useId();
  if (reviews.length === 0) return null;
  return (
    <Stack gap={6} component="section" aria-labelledby={headingId}>
      <Title order={headingOrder} size="h5" id={headingId}>
        {title}
      </Title>
      <List size="sm" spacing={6} listStyleType="none" ml={0} pl={0}>
        {reviews.map((r, i) => (
          <List.Item key={`${r.code}-${r.subject ?? ''}-${r.recordedAt}`}>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {reviewLabel(r)}
              </Text>
              <Text size="sm">
                Reviewed by {r.recordedBy}, {formatDateTime(r.recordedAt, timeZone)}
                {r.note ? `: ${r.note}` : ''}
              </Text>
              {applied && !applied(r) && (
                <Text size="xs" c="gray.8">
                  No finding needs this review now; it will not be kept when the screening is saved.
                </Text>
              )}
              {onRemove && (
                <Group>
                  <Button variant="default" size="xs" onClick={() => onRemove(i)}>
                    Remove review {i + 1}
                  </Button>
                </Group>
              )}
            </Stack>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
