import { Alert, Anchor, Button, Checkbox, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { SYMPTOMS } from '../../domain/clinical/facts';
import { URGENT_SYMPTOMS } from '../../domain/clinical/symptoms';
import { symptomName, whenClosed } from '../../domain/clinical/wording';
import { listWords } from '../../domain/words';
import { ApiError, api, type MyFollowUp, type SymptomReportInput, type SymptomReportResult } from '../api';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';
import { draftKey, isRecord, keepDraft, readDraft } from '../drafts';
import { formatDate, sideLabels, telHref } from '../format';

type Symptom = SymptomReportInput['symptoms'][number];

/**
 * A report not sent yet, kept on this device: a patient signed out while writing it (their
 * session ended) comes back to it after signing in again, instead of starting over. Under the
 * drafts' prefix, so signing out removes it (clearDrafts); sending it removes it too.
 */
const reportDraft = draftKey('my-report');
interface Draft {
  episodeId: string;
  symptoms: string[];
  freeText: string;
}

/** The report kept, if it is about one of the patient's current episodes and says something. */
const draftFor =
  (followUp: MyFollowUp) =>
  (stored: unknown): Draft | null => {
    if (!isRecord(stored) || !followUp.episodes.some((e) => e.id === stored.episodeId)) return null;
    const symptoms = Array.isArray(stored.symptoms)
      ? stored.symptoms.filter((s): s is string => (SYMPTOMS as readonly unknown[]).includes(s))
      : [];
    const freeText = typeof stored.freeText === 'string' ? stored.freeText : '';
    return symptoms.length > 0 || freeText
      ? { episodeId: stored.episodeId as string, symptoms, freeText }
      : null;
  };

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/**
 * "Report a worrying symptom" (route /my/report, linked from every PatientShell page). The report is
 * saved before any advice is shown; the advice follows at once (call the clinic's urgent line now,
 * call today, or expected), and when it cannot be worked out the patient is told to call.
 */
export function ReportSymptomPage() {
  useDocumentTitle('Report a worrying symptom');
  const followUp = useQuery({ queryKey: ['my', 'follow-up'], queryFn: api.myFollowUp });
  return (
    <Stack gap="lg">
      <PageTitle>Report a worrying symptom</PageTitle>
      {followUp.isPending && <Loading label="Loading" />}
      {followUp.isError && <Alert color="red">{followUp.error.message}</Alert>}
      {followUp.data && <ReportForm followUp={followUp.data} />}
    </Stack>
  );
}

/** A treatment as its patient knows it: "Left side, referred 19 Oct 2026". */
/**
 * What a patient who sent nothing ticked is told. One who wrote words but ticked nothing is shown
 * the box for them: the rules read the boxes, not the words, so a symptom only in words would not
 * be answered.
 */
export function nothingTicked(freeText: string): string {
  return freeText.trim()
    ? 'Tick what you are noticing; if it is not on the list, tick “A symptom not on our list”.'
    : 'Choose at least one symptom.';
}

export function treatmentLabel(e: Pick<MyFollowUp['episodes'][number], 'side' | 'referredOn'>): string {
  const referred = `referred ${formatDate(e.referredOn)}`;
  return e.side ? `${sideLabels[e.side]}${e.side === 'both' ? '' : ' side'}, ${referred}` : capital(referred);
}

function ReportForm({ followUp }: { followUp: MyFollowUp }) {
  const { contacts } = followUp.clinic;
  const [restored] = useState(() => readDraft(reportDraft, draftFor(followUp)));
  const [episodeId, setEpisodeId] = useState(restored?.episodeId ?? followUp.episodes[0]?.id ?? '');
  const [symptoms, setSymptoms] = useState<string[]>(restored?.symptoms ?? []);
  const [freeText, setFreeText] = useState(restored?.freeText ?? '');
  const [error, setError] = useState<string | null>(null);
  const [unticked, setUnticked] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const report = useMutation({
    mutationFn: (body: SymptomReportInput) => api.reportSymptoms(episodeId, body),
    onSuccess: () => keepDraft(reportDraft, null),
    onError: (e) => setError(e instanceof ApiError ? (e.detail ?? e.message) : e.message),
  });
  const sent = report.isSuccess;
  useEffect(() => {
    if (!sent)
      keepDraft(reportDraft, symptoms.length > 0 || freeText ? { episodeId, symptoms, freeText } : null);
  }, [sent, episodeId, symptoms, freeText]);
  if (followUp.episodes.length === 0) {
    return (
      <Alert color="gray">
        You have no current treatment with {followUp.clinic.name}. If you are worried, call{' '}
        <Anchor href={telHref(contacts.phone)}>{contacts.phone}</Anchor>. {whenClosed(contacts.outOfHours)}
      </Alert>
    );
  }
  if (report.data) return <Advice result={report.data} followUp={followUp} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (symptoms.length === 0) {
      setError(nothingTicked(freeText));
      setUnticked(true);
      // To the list, where the answer is missing (the message is read out as an alert).
      list.current?.querySelector('input')?.focus();
      return;
    }
    setError(null);
    setUnticked(false);
    report.mutate({
      symptoms: symptoms as Symptom[],
      ...(freeText.trim() ? { freeText: freeText.trim() } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>
          Tell us what is happening and we will tell you what to do at once. {whenClosed(contacts.outOfHours)}
        </Text>
        {restored && (
          <Alert color="blue" role="status" title="Your report is not sent yet">
            We kept what you had chosen. Check it, then send it. If you are worried, call{' '}
            {contacts.urgentPhone} now.
          </Alert>
        )}
        {followUp.episodes.length > 1 && (
          <NativeSelect
            label="Which treatment is this about?"
            value={episodeId}
            onChange={(e) => setEpisodeId(e.currentTarget.value)}
            data={followUp.episodes.map((e) => ({ value: e.id, label: treatmentLabel(e) }))}
          />
        )}
        <Checkbox.Group
          value={symptoms}
          onChange={(value) => {
            setSymptoms(value);
            if (value.length > 0) setUnticked(false);
          }}
          label="What are you noticing?"
          required
          error={unticked && symptoms.length === 0}
        >
          <Stack gap="sm" mt="xs" ref={list}>
            {SYMPTOMS.map((s) => (
              <Checkbox key={s} value={s} label={capital(symptomName(s))} size="md" />
            ))}
          </Stack>
        </Checkbox.Group>
        {symptoms.length === 1 && symptoms[0] === 'other' && (
          // What a patient writes is not read by the rules: "I cannot feel my legs" under "other"
          // would be advice to call today. The symptoms that need help at once are named here, so
          // one described in words is ticked as well and answered as urgent.
          <Alert color="orange" role="note" title="Is it one of the symptoms above?">
            If it is {listWords(URGENT_SYMPTOMS.map(symptomName), 'or')}, tick it as well: these need help at
            once.
          </Alert>
        )}
        <Textarea
          label="Anything else you want to tell us (optional)"
          value={freeText}
          onChange={(e) => setFreeText(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
        />
        {error && (
          <Alert color="red" role="alert">
            {error} If you are worried, call {contacts.urgentPhone} now.
          </Alert>
        )}
        <Button type="submit" size="md" loading={report.isPending}>
          Send to the clinic
        </Button>
      </Stack>
    </form>
  );
}

function Advice({ result, followUp }: { result: SymptomReportResult; followUp: MyFollowUp }) {
  const { contacts } = followUp.clinic;
  const urgent = result.urgency === 'urgent' || !result.triaged;
  return (
    <Stack gap="md" role="alert" aria-live="assertive">
      <Alert
        color={urgent ? 'red' : result.urgency === 'soon' ? 'orange' : 'blue'}
        variant={urgent ? 'filled' : 'light'}
        title={urgent ? 'Act now' : result.urgency === 'soon' ? 'Call us today' : 'What to do'}
      >
        <Stack gap="xs">
          {result.triaged ? (
            result.advice.map((line) => <Text key={line}>{line}</Text>)
          ) : (
            <Text>
              Your report is saved, but we could not work out advice. Call {contacts.urgentPhone} now.{' '}
              {whenClosed(contacts.outOfHours)} If you cannot get through, go to your nearest emergency
              department.
            </Text>
          )}
        </Stack>
      </Alert>
      <Anchor href={telHref(urgent ? contacts.urgentPhone : contacts.phone)} fw={700} size="lg">
        Call {urgent ? contacts.urgentPhone : contacts.phone}
      </Anchor>
      <Text>
        Your report was saved{result.alertRaised ? ' and a clinician at the clinic has been alerted' : ''}. Do
        not wait for us to call you if you are told to act now.
      </Text>
    </Stack>
  );
}
