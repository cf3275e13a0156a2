import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, type Diary, type DiaryEntryInput } from '../api';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';
import { draftKey, isRecord, keepDraft, readDraft } from '../drafts';
import { formatDateTime } from '../format';
import { DiaryView } from '../pages/follow-up/FollowUpPanel';
import { diaryKey } from '../pages/follow-up/keys';
import { painAnchors, pgicLabels, promptLabel } from '../pages/follow-up/words';

const PAIN_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const myDiaryKey = (episodeId: string) => ['my', ...diaryKey(episodeId)] as const;

/**
 * The patient's pain diary (route /my/episodes/:episodeId/diary, inside PatientShell): the prompt
 * that is open now answered in seconds — pain 0–10, then anything else they want to add — a late
 * answer for a prompt they missed, and their own pain over time as a chart and a table.
 */
export function MyDiaryPage() {
  useDocumentTitle('Pain diary');
  const { episodeId = '' } = useParams();
  const diary = useQuery({ queryKey: myDiaryKey(episodeId), queryFn: () => api.myDiary(episodeId) });
  return (
    <Stack gap="lg">
      <PageTitle>Pain diary</PageTitle>
      {diary.isPending && <Loading label="Loading your diary" />}
      {diary.isError && <Alert color="red">{diary.error.message}</Alert>}
      {diary.data && <DiaryBody diary={diary.data} />}
    </Stack>
  );
}

function DiaryBody({ diary }: { diary: Diary }) {
  const open = diary.prompts.find((p) => p.status === 'open');
  const missed = diary.prompts.filter((p) => p.status === 'missed');
  // Back to the prompt of an entry kept when the session ended, else the one open now.
  const [answering, setAnswering] = useState<string | undefined>(() => {
    const kept = keptPrompt(diary);
    return kept === undefined ? open?.dueAt : (kept ?? undefined);
  });
  const [saved, setSaved] = useState<string | null>(null);
  const answeringMissed = missed.find((p) => p.dueAt === answering);
  return (
    <Stack gap="lg">
      {diary.open ? (
        <Stack gap="sm">
          <Text>
            {answeringMissed
              ? `A late answer for ${promptLabel(answeringMissed.kind, answeringMissed.after).toLowerCase()}: score your pain as it was then.`
              : open
                ? `It is time for your diary (${promptLabel(open.kind, open.after).toLowerCase()}).`
                : 'You can add a score at any time.'}
          </Text>
          {saved && (
            <Alert color="green" role="status">
              {saved}
            </Alert>
          )}
          <EntryForm
            key={answering ?? 'now'}
            diary={diary}
            promptAt={answering}
            onSaved={(message) => {
              setSaved(message);
              setAnswering(undefined);
            }}
          />
          {missed.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Missed: you can still answer (marked late)
              </Text>
              <Group gap="xs">
                {missed.map((p) => (
                  <Button key={p.dueAt} size="xs" variant="default" onClick={() => setAnswering(p.dueAt)}>
                    {promptLabel(p.kind, p.after)}
                  </Button>
                ))}
              </Group>
            </Stack>
          )}
        </Stack>
      ) : (
        <Alert color="gray">Your diary takes no more entries: the clinic has finished your follow-up.</Alert>
      )}
      <Title order={2} size="h3">
        Your pain over time
      </Title>
      <DiaryView diary={diary} timeZone={diary.timeZone} />
      <Anchor component={Link} to="/my/report">
        Report a worrying symptom
      </Anchor>
    </Stack>
  );
}

interface EntryValues {
  pain: string;
  pgic: string;
  opioidDoses: number | string;
  sideEffects: string;
  glucose: number | string;
  unit: 'mmol/L' | 'mg/dL';
}
const blankEntry: EntryValues = {
  pain: '',
  pgic: '',
  opioidDoses: '',
  sideEffects: '',
  glucose: '',
  unit: 'mmol/L',
};

/**
 * An entry typed and not saved is kept on this device, with the prompt it answers: a patient whose
 * session ended mid-entry finds it again after signing in. Saving it, or signing out, removes it.
 */
const diaryDraft = (episodeId: string) => draftKey('my-diary', episodeId);
interface EntryDraft {
  promptAt: string | null;
  values: EntryValues;
  /** When it was last typed: pain "now" may have changed since. */
  savedAt: string | null;
}
const asEntryDraft = (stored: unknown): EntryDraft | null => {
  if (!isRecord(stored) || !isRecord(stored.values)) return null;
  const v = stored.values;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const count = (value: unknown) => (typeof value === 'number' ? value : '');
  return {
    promptAt: typeof stored.promptAt === 'string' ? stored.promptAt : null,
    savedAt: typeof stored.savedAt === 'string' ? stored.savedAt : null,
    values: {
      pain: text(v.pain),
      pgic: text(v.pgic),
      opioidDoses: count(v.opioidDoses),
      sideEffects: text(v.sideEffects),
      glucose: count(v.glucose),
      unit: v.unit === 'mg/dL' ? 'mg/dL' : 'mmol/L',
    },
  };
};
/**
 * The prompt a kept entry answers (null: an entry at any time), while it can still be answered;
 * undefined when nothing is kept.
 */
function keptPrompt(diary: Diary): string | null | undefined {
  const draft = readDraft(diaryDraft(diary.episodeId), asEntryDraft);
  if (!draft || draft.promptAt === null) return draft?.promptAt;
  return diary.prompts.find(
    (p) => p.dueAt === draft.promptAt && (p.status === 'open' || p.status === 'missed'),
  )?.dueAt;
}

function EntryForm({
  diary,
  promptAt,
  onSaved,
}: {
  diary: Diary;
  promptAt: string | undefined;
  onSaved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const key = diaryDraft(diary.episodeId);
  const [restored] = useState(() => {
    const draft = readDraft(key, asEntryDraft);
    return draft && draft.promptAt === (promptAt ?? null) ? draft : null;
  });
  const [values, setValues] = useState<EntryValues>(restored?.values ?? blankEntry);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<EntryValues>) => {
    const next = { ...values, ...changes };
    setValues(next);
    const typed = JSON.stringify(next) !== JSON.stringify(blankEntry);
    const draft: EntryDraft = { promptAt: promptAt ?? null, values: next, savedAt: new Date().toISOString() };
    keepDraft(key, typed ? draft : null);
  };
  const { pain, pgic, opioidDoses, sideEffects, glucose, unit } = values;
  const save = useMutation({
    mutationFn: (body: DiaryEntryInput) => api.addMyDiaryEntry(diary.episodeId, body),
    onSuccess: async (entry) => {
      keepDraft(key, null);
      await queryClient.invalidateQueries({ queryKey: myDiaryKey(diary.episodeId) });
      onSaved(
        `Saved: pain ${entry.pain} at ${formatDateTime(entry.at, diary.timeZone)}${entry.late ? ' (late)' : ''}.`,
      );
    },
    onError: (e) => setError(e instanceof ApiError ? (e.detail ?? e.message) : e.message),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pain === '') {
      setError('Choose your pain score, 0 to 10.');
      return;
    }
    setError(null);
    save.mutate({
      pain: Number(pain),
      ...(promptAt ? { promptAt } : {}),
      ...(pgic ? { pgic: Number(pgic) as DiaryEntryInput['pgic'] } : {}),
      ...(typeof opioidDoses === 'number' ? { opioidDoses } : {}),
      ...(sideEffects.trim() ? { sideEffects: sideEffects.trim() } : {}),
      ...(diary.askGlucose && typeof glucose === 'number' ? { glucose: { value: glucose, unit } } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {restored && (
          <Alert color="blue" role="status" title="Your entry is not saved yet">
            We kept what you had chosen
            {restored.savedAt ? ` at ${formatDateTime(restored.savedAt, diary.timeZone)}` : ''}. Check it is
            still right, then save it.
          </Alert>
        )}
        <Radio.Group
          value={pain}
          onChange={(v) => set({ pain: v })}
          label="Your pain now"
          description="0 no pain, 5 moderate, 10 the worst pain you can imagine"
          required
        >
          <SimpleGrid cols={{ base: 4, xs: 6, sm: 11 }} spacing="xs" mt="xs">
            {PAIN_SCORES.map((n) => (
              <Radio
                key={n}
                value={String(n)}
                label={painAnchors[n] ? `${n} ${painAnchors[n]}` : String(n)}
                size="md"
              />
            ))}
          </SimpleGrid>
        </Radio.Group>
        <NativeSelect
          label="Since the injection, your pain is (optional)"
          value={pgic}
          onChange={(e) => set({ pgic: e.currentTarget.value })}
          data={[
            { value: '', label: 'Choose…' },
            ...Object.entries(pgicLabels).map(([value, label]) => ({ value, label })),
          ]}
        />
        <NumberInput
          label="Doses of opioid painkiller since your last entry (optional)"
          description="For example codeine, tramadol or morphine"
          value={opioidDoses}
          onChange={(v) => set({ opioidDoses: v })}
          min={0}
          max={50}
          allowDecimal={false}
        />
        {diary.askGlucose && (
          <Group align="flex-end" gap="xs">
            <NumberInput
              label="Blood glucose (optional)"
              value={glucose}
              onChange={(v) => set({ glucose: v })}
              min={0}
              decimalScale={1}
            />
            <NativeSelect
              label="Unit"
              value={unit}
              onChange={(e) => set({ unit: e.currentTarget.value as EntryValues['unit'] })}
              data={['mmol/L', 'mg/dL']}
            />
          </Group>
        )}
        <TextInput
          label="Side effects (optional)"
          value={sideEffects}
          onChange={(e) => set({ sideEffects: e.currentTarget.value })}
          maxLength={1000}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" size="md" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
