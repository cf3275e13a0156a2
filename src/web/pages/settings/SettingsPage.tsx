import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type ClinicLocale, LOCALES, PROFILE_IDS, PROFILES, type ProfileId } from '../../../domain/clinical';
import { ClinicUpdate } from '../../../shared/api/clinic';
import { ApiError, api, type ClinicAdmin } from '../../api';
import { Loading, PageLoading } from '../../components/Loading';
import { AdminOnly, PageTitle } from '../../components/Page';
import { DraftNotice } from '../../components/StepFrame';
import { useDocumentTitle, useSession } from '../../components/session';
import { draftKey, keepDraft, readDraft } from '../../drafts';
import { formatDateTime } from '../../format';
import { SettingEditor } from './SettingEditor';
import {
  asStoredSettingsDraft,
  changedFrom,
  draftFrom,
  formatByKey,
  keyLabel,
  LOCALE_LABELS,
  SECTIONS,
  type SettingsDraft,
  settingValue,
  toUpdate,
  withProfile,
  withValue,
} from './settingsModel';

const clinicKey = ['clinic-admin'] as const;

/** Errors by setting key: `protocol.overrides.X` belongs to `protocol.X`; a nested path to its setting. */
export function errorsByKey(errors: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of errors) {
    const key = field.replace(/^body\./, '').replace(/^protocol\.overrides\./, 'protocol.');
    out[key] ??= message;
  }
  return out;
}

function errorFor(errors: Record<string, string>, key: string): string | undefined {
  const hit = Object.entries(errors).find(([k]) => k === key || k.startsWith(`${key}.`));
  return hit?.[1];
}

/** The clinic's settings for an admin: details, protocol and every rule, each explained; saved with a reason. */
export function SettingsPage() {
  useDocumentTitle('Clinic settings');
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const clinic = useQuery({ queryKey: clinicKey, queryFn: api.clinic, enabled: isAdmin });
  const heading = <PageTitle>Clinic settings</PageTitle>;
  if (!isAdmin) return <AdminOnly title="Clinic settings" what="change the clinic’s settings" />;
  if (clinic.isPending) return <PageLoading label="Loading the settings" />;
  if (clinic.isError) {
    return (
      <Stack gap="md">
        {heading}
        <Alert color="red" title="Could not load the settings">
          {clinic.error.message}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      {heading}
      <SettingsForm clinic={clinic.data} />
      <History timeZone={clinic.data.clinic.timeZone} settingsVersion={clinic.data.settingsVersion} />
    </Stack>
  );
}

/**
 * The draft is made once from the settings loaded; a newer version saved by someone else replaces
 * it only when the admin chooses to load it (after a 409), so nothing typed is lost unasked.
 * Changes not yet saved are kept on this device (../../drafts) and come back after a reload; a
 * draft made on a version someone has since replaced saves against that version, so the server's
 * conflict shows their change before anything is overwritten.
 */
function SettingsForm({ clinic }: { clinic: ClinicAdmin }) {
  const queryClient = useQueryClient();
  const key = draftKey('clinic-settings', clinic.id);
  const [restored, setRestored] = useState(() => readDraft(key, asStoredSettingsDraft));
  const outdated = restored !== null && restored.version !== clinic.version;
  const [draft, setDraft] = useState<SettingsDraft>(() => restored?.draft ?? draftFrom(clinic));
  const [base, setBase] = useState(() => (outdated ? { ...clinic, version: restored.version } : clinic));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ClinicAdmin | null>(() => (outdated ? clinic : null));
  useEffect(() => {
    keepDraft(key, changedFrom(draft, base) ? { version: base.version, draft } : null);
  }, [key, draft, base]);
  const discard = () => {
    setDraft(draftFrom(conflict ?? base));
    if (conflict) setBase(conflict);
    setConflict(null);
    setRestored(null);
    setErrors({});
    setProblem(null);
  };

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof toUpdate>) => api.updateClinic(body),
    onSuccess: (saved) => {
      queryClient.setQueryData(clinicKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['clinic-versions'] });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      setBase(saved);
      setDraft(draftFrom(saved));
      setRestored(null);
      setErrors({});
      setProblem(null);
      notifications.show({
        color: 'green',
        title: 'Settings saved',
        message: `Settings version ${saved.settingsVersion} is in force from now on.`,
      });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        setConflict(error.current as ClinicAdmin);
        return;
      }
      if (error instanceof ApiError) {
        setErrors(errorsByKey(error.errors));
        setProblem(error.detail ?? error.message);
        return;
      }
      setProblem(error.message);
    },
  });

  const set = (key: string) => (value: unknown) => {
    setDraft((d) => withValue(d, key, value));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(key))));
  };
  const setClinic = (patch: Partial<SettingsDraft['clinic']>) =>
    setDraft((d) => ({ ...d, clinic: { ...d.clinic, ...patch } }));
  /** A contact field's value, change and error, for its TextInput or Textarea to spread. */
  const contact = (k: keyof SettingsDraft['clinic']['contacts']) => ({
    value: draft.clinic.contacts[k],
    onChange: (e: { currentTarget: { value: string } }) =>
      setClinic({ contacts: { ...draft.clinic.contacts, [k]: e.currentTarget.value } }),
    error: clinicError(`contacts.${k}`),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = toUpdate(draft, base.version);
    // The same schema the server validates with, so a value it would refuse is named before sending.
    const checked = ClinicUpdate.safeParse(body);
    const found: Record<string, string> = {};
    if (!checked.success) {
      for (const i of checked.error.issues) {
        const empty = i.code === 'invalid_type' && i.input === '';
        found[i.path.join('.')] ??= empty ? 'Enter a value, or turn the setting off' : i.message;
      }
    }
    if (!draft.reason.trim())
      found.reason = 'Say why the settings change: the reason is kept with the version';
    if (Object.keys(found).length > 0) {
      setErrors(errorsByKey(Object.entries(found).map(([field, message]) => ({ field, message }))));
      setProblem(
        `Some settings need attention: ${Object.keys(found)
          .map((k) =>
            k === 'reason' ? 'the reason' : keyLabel(k.replace(/^protocol\.overrides\./, 'protocol.')),
          )
          .join(', ')}.`,
      );
      return;
    }
    save.mutate(body);
  };

  const clinicError = (k: string) => errors[`clinic.${k}`];
  const timeZones = useMemo(() => {
    const zones =
      (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return zones.includes(draft.clinic.timeZone) ? zones : [draft.clinic.timeZone, ...zones];
  }, [draft.clinic.timeZone]);

  return (
    <form onSubmit={submit} noValidate aria-label="Clinic settings">
      <Stack gap="lg">
        <Text size="sm" c="gray.7">
          Settings version {base.settingsVersion}. Every verdict records the settings version it was made
          with; saving makes a new version, kept with your name and reason.
        </Text>
        <Contents />
        {restored && <DraftNotice onDiscard={discard} />}
        {conflict && (
          <Alert color="orange" title="Someone else changed the settings" role="alert">
            <Stack gap="xs">
              <Text size="sm">
                They saved version {conflict.settingsVersion} while you were editing. Your changes are still
                here; load theirs to review them before saving again.
              </Text>
              <Button
                variant="default"
                w="fit-content"
                onClick={() => {
                  setBase(conflict);
                  setDraft(draftFrom(conflict));
                  setConflict(null);
                  setRestored(null);
                  queryClient.setQueryData(clinicKey, conflict);
                }}
              >
                Load their version
              </Button>
            </Stack>
          </Alert>
        )}

        <Section id="clinic" title="Clinic details and letterhead">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Clinic name"
              required
              value={draft.clinic.name}
              onChange={(e) => setClinic({ name: e.currentTarget.value })}
              error={clinicError('name')}
            />
            <TextInput label="Phone" required {...contact('phone')} />
            <TextInput
              label="Opening hours"
              description="e.g. Monday to Friday, 8:30 to 17:00"
              {...contact('hours')}
            />
            <TextInput label="Urgent clinical line" required {...contact('urgentPhone')} />
            <TextInput label="Email" type="email" {...contact('email')} />
            <NativeSelect
              label="Time zone"
              description="Times are shown and counted in this zone"
              data={timeZones}
              value={draft.clinic.timeZone}
              onChange={(e) => setClinic({ timeZone: e.currentTarget.value })}
              error={clinicError('timeZone')}
            />
            <NativeSelect
              label="Language and formats"
              description="How patient leaflets and advice are worded (spelling, services, dates)"
              data={LOCALES.map((value) => ({ value, label: LOCALE_LABELS[value] }))}
              value={draft.clinic.locale}
              onChange={(e) => setClinic({ locale: e.currentTarget.value as ClinicLocale })}
            />
          </SimpleGrid>
          <Textarea
            label="When the clinic is closed"
            description="What a patient should do out of hours, in words they can act on"
            required
            autosize
            minRows={2}
            {...contact('outOfHours')}
          />
          <Textarea
            label="Address (for the letterhead)"
            description="One line per row"
            autosize
            minRows={2}
            {...contact('address')}
          />
        </Section>

        {SECTIONS.map((section) => (
          <Section key={section.id} id={section.id} title={section.title} description={section.description}>
            {section.id === 'protocol' && (
              <NativeSelect
                label="Protocol profile"
                description={PROFILES[draft.profile].title}
                data={PROFILE_IDS.map((id) => ({ value: id, label: `${id} — ${PROFILES[id].title}` }))}
                value={draft.profile}
                onChange={(e) => setDraft((d) => withProfile(d, e.currentTarget.value as ProfileId))}
              />
            )}
            {section.fields.map((field) => (
              <SettingEditor
                key={`${field.key}-${base.version}`}
                field={field}
                value={settingValue(draft, field.key)}
                profile={draft.profile}
                error={errorFor(errors, field.key)}
                onChange={set(field.key)}
              />
            ))}
          </Section>
        ))}

        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Title order={2} size="h4" id="section-save">
              Save a new version
            </Title>
            {problem && (
              <Alert color="red" title="Not saved" role="alert">
                {problem}
              </Alert>
            )}
            <Textarea
              label="Reason for the change"
              description="Kept with the version, e.g. “agreed at the governance meeting on 3 March”"
              required
              autosize
              minRows={2}
              value={draft.reason}
              onChange={(e) => {
                const reason = e.currentTarget.value;
                setDraft((d) => ({ ...d, reason }));
              }}
              error={errors.reason}
            />
            <Group gap="sm">
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
              <Button variant="default" onClick={discard}>
                Discard changes
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string | undefined;
  children: React.ReactNode;
}) {
  return (
    <Paper component="section" withBorder p="md" radius="md" aria-labelledby={`section-${id}`}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id={`section-${id}`}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="gray.7">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * Links to each section: the page is long (every setting of every section, about 13,000 px on a
 * phone), and an admin who came to change one thing should not scroll past the rest to find it.
 */
function Contents() {
  const sections = [
    { id: 'clinic', title: 'Clinic details' },
    ...SECTIONS.map(({ id, title }) => ({ id, title })),
    { id: 'save', title: 'Save a new version' },
    { id: 'history', title: 'History of versions' },
  ];
  return (
    <nav aria-label="Settings sections">
      <Group gap="xs" wrap="wrap" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {sections.map(({ id, title }) => (
          <li key={id}>
            <Anchor href={`#section-${id}`} size="sm">
              {title}
            </Anchor>
          </li>
        ))}
      </Group>
    </nav>
  );
}

function History({ timeZone, settingsVersion }: { timeZone: string; settingsVersion: number }) {
  const versions = useInfiniteQuery({
    queryKey: ['clinic-versions', settingsVersion],
    queryFn: ({ pageParam }) => api.settingsVersions(pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
  return (
    <Paper component="section" withBorder p="md" radius="md" aria-labelledby="section-history">
      <Stack gap="md">
        <Title order={2} size="h3" id="section-history">
          History of versions
        </Title>
        {versions.isPending && <Loading label="Loading the history" />}
        {versions.isError && <Alert color="red">{versions.error.message}</Alert>}
        {versions.data && (
          <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {versions.data.pages
              .flatMap((p) => p.items)
              .map((v) => (
                <li key={v.version}>
                  <Text fw={600} size="sm">
                    Version {v.version} · {formatDateTime(v.changedAt, timeZone)}
                    {v.changedByName ? ` · ${v.changedByName}` : ''}
                  </Text>
                  {v.reason && (
                    <Text size="sm" c="gray.8">
                      {v.reason}
                    </Text>
                  )}
                  {v.changes.length > 0 && (
                    <List size="sm" spacing={2} mt={4}>
                      {v.changes.map((c) => (
                        <List.Item key={c.key}>
                          {keyLabel(c.key)}: {formatByKey(c.key, c.from)} → {formatByKey(c.key, c.to)}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </li>
              ))}
          </Stack>
        )}
        {versions.hasNextPage && (
          <Anchor component="button" type="button" onClick={() => void versions.fetchNextPage()}>
            Older versions
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
