import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type StaffUser } from '../api';
import { Dialog } from '../components/Dialog';
import { useFormFields } from '../components/formBinding';
import { Loading } from '../components/Loading';
import { AdminOnly, PageTitle } from '../components/Page';
import { roleLabels } from '../components/roles';
import { useDocumentTitle, useSession } from '../components/session';
import { formatDateTime } from '../format';

const usersKey = ['users'] as const;
type StaffRole = StaffUser['role'];
/** What the add and manage forms edit; the password is optional (empty sends a set-password link). */
interface UserValues {
  name: string;
  email: string;
  role: StaffRole;
  password: string;
}
const roleOptions = (['nurse', 'clinician', 'admin'] as const satisfies readonly StaffRole[]).map(
  (value) => ({
    value,
    label: roleLabels[value],
  }),
);

const problemOf = (error: Error | null) =>
  error instanceof ApiError ? (error.detail ?? error.message) : error?.message;

/** The clinic's staff accounts for an admin: add, disable or enable, change role, reset a password. */
export function UsersPage() {
  useDocumentTitle('Users');
  const { user: me, clinic } = useSession();
  const isAdmin = me.role === 'admin';
  const users = useQuery({ queryKey: usersKey, queryFn: api.users, enabled: isAdmin });
  const [managing, setManaging] = useState<StaffUser | null>(null);

  const heading = <PageTitle>Users</PageTitle>;
  if (!isAdmin) return <AdminOnly title="Users" what="manage users" />;
  return (
    <Stack gap="lg">
      {heading}
      <Text size="sm" c="gray.7">
        The clinic’s staff. Names, emails and roles change only here. A disabled user cannot sign in, and is
        signed out at once.
      </Text>
      <AddUser />
      <Stack gap="sm" component="section" aria-labelledby="staff-heading">
        <Title order={2} size="h3" id="staff-heading">
          Staff
        </Title>
        {users.isPending && <Loading label="Loading the users" />}
        {users.isError && <Alert color="red">{users.error.message}</Alert>}
        {users.data?.items.map((u) => (
          <Paper key={u.id} withBorder p="sm" radius="md" component="article" aria-label={u.name}>
            <Group justify="space-between" gap="sm" wrap="wrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{u.name}</Text>
                  {u.id === me.id && (
                    <Badge variant="light" color="gray" size="sm" tt="none">
                      You
                    </Badge>
                  )}
                </Group>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {u.email}
                </Text>
                <Group gap="xs">
                  <Badge variant="light" size="sm" tt="none">
                    {roleLabels[u.role]}
                  </Badge>
                  {isLocked(u) && (
                    <Badge color="orange" c="dark.7" variant="dot" size="sm" tt="none">
                      Locked after wrong passwords
                    </Badge>
                  )}
                  {u.disabledAt ? (
                    <Badge color="red" c="dark.7" variant="dot" size="sm" tt="none">
                      Disabled since {formatDateTime(u.disabledAt, clinic.timeZone)}
                    </Badge>
                  ) : (
                    <Badge color="green" c="dark.7" variant="dot" size="sm" tt="none">
                      Active
                    </Badge>
                  )}
                </Group>
              </Stack>
              <Button
                variant="default"
                size="sm"
                onClick={() => setManaging(u)}
                aria-label={`Manage ${u.name}`}
              >
                Manage
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Dialog
        opened={managing !== null}
        onClose={() => setManaging(null)}
        title={managing ? `Manage ${managing.name}` : ''}
        size="lg"
      >
        {managing && (
          <ManageUser
            key={managing.id}
            user={managing}
            self={managing.id === me.id}
            onChanged={setManaging}
          />
        )}
      </Dialog>
    </Stack>
  );
}

function AddUser() {
  const queryClient = useQueryClient();
  const {
    values: v,
    set,
    bind,
  } = useFormFields<UserValues>({ name: '', email: '', role: 'nurse', password: '' });
  const [done, setDone] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api.addUser({
        name: v.name.trim(),
        email: v.email.trim(),
        role: v.role,
        ...(v.password ? { password: v.password } : {}),
      }),
    onSuccess: ({ user, passwordLinkSent }) => {
      void queryClient.invalidateQueries({ queryKey: usersKey });
      setDone(
        passwordLinkSent
          ? `${user.name} was added. A set-password link for ${user.email} is in the outbox.`
          : `${user.name} was added and can sign in with the password you set.`,
      );
      set({ name: '', email: '', password: '' });
    },
  });
  const fieldErrors = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    add.mutate();
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="add-user-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="add-user-heading">
            Add a user
          </Title>
          {done && (
            <Alert color="green" role="status">
              {done}
            </Alert>
          )}
          {add.error && (
            <Alert color="red" title="Not added" role="alert">
              {problemOf(add.error)}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Name" required {...bind('name')} error={fieldErrors.name} />
            <TextInput label="Email" type="email" required {...bind('email')} error={fieldErrors.email} />
            <NativeSelect label="Role" data={roleOptions} {...bind('role')} />
            <PasswordInput
              label="Password (optional)"
              description="Leave empty to send a set-password link instead"
              autoComplete="new-password"
              {...bind('password')}
              error={fieldErrors.password}
            />
          </SimpleGrid>
          <Button type="submit" loading={add.isPending} w="fit-content">
            Add user
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function ManageUser({
  user,
  self,
  onChanged,
}: {
  user: StaffUser;
  self: boolean;
  onChanged: (u: StaffUser) => void;
}) {
  const { clinic } = useSession();
  const queryClient = useQueryClient();
  const { values: v, bind } = useFormFields<UserValues>({
    name: user.name,
    email: user.email,
    role: user.role,
    password: '',
  });
  const [message, setMessage] = useState<string | null>(null);

  const refresh = (u: StaffUser, text: string) => {
    void queryClient.invalidateQueries({ queryKey: usersKey });
    notifications.show({ color: 'green', message: text });
    setMessage(text);
    onChanged(u);
  };
  const change = useMutation({
    mutationFn: (body: Parameters<typeof api.changeUser>[1]) => api.changeUser(user.id, body),
    onSuccess: (u, body) =>
      refresh(
        u,
        body.disabled === true
          ? `${u.name} is disabled and signed out.`
          : body.disabled === false || body.unlock
            ? `${u.name} can sign in again.`
            : `${u.name}’s details are saved.`,
      ),
  });
  const reset = useMutation({
    mutationFn: () =>
      api.resetPassword(user.id, { version: user.version, ...(v.password ? { password: v.password } : {}) }),
    onSuccess: ({ user: u, passwordLinkSent }) =>
      refresh(
        u,
        passwordLinkSent
          ? `A set-password link for ${u.email} is in the outbox; the old password no longer works.`
          : `${u.name}’s password is changed; they are signed out.`,
      ),
  });
  const error = change.error ?? reset.error;
  const fieldErrors = change.error instanceof ApiError ? change.error.fieldErrors() : {};

  const saveDetails = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({
      version: user.version,
      ...(v.name.trim() !== user.name ? { name: v.name.trim() } : {}),
      ...(v.email.trim().toLowerCase() !== user.email ? { email: v.email.trim() } : {}),
      ...(v.role !== user.role ? { role: v.role } : {}),
    });
  };

  /** Unlock, enable or disable: one change of the user's access, sent with the version shown. */
  const accessButton = (label: string, access: { unlock: true } | { disabled: boolean }, color?: 'red') => (
    <Button
      variant={color ? 'filled' : 'default'}
      color={color}
      w="fit-content"
      loading={change.isPending}
      onClick={() => change.mutate({ version: user.version, ...access })}
    >
      {label}
    </Button>
  );

  return (
    <Stack gap="lg">
      {message && (
        <Alert color="green" role="status">
          {message}
        </Alert>
      )}
      {error && (
        <Alert color="red" title="Not changed" role="alert">
          {problemOf(error)}
        </Alert>
      )}
      <form onSubmit={saveDetails} noValidate aria-label="Details and role">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Details and role
          </Title>
          <TextInput label="Name" {...bind('name')} error={fieldErrors.name} />
          <TextInput label="Email" type="email" {...bind('email')} error={fieldErrors.email} />
          <NativeSelect
            label="Role"
            data={roleOptions}
            {...bind('role')}
            disabled={self}
            description={self ? 'Another admin can change your role.' : undefined}
          />
          <Button type="submit" loading={change.isPending} w="fit-content">
            Save details
          </Button>
        </Stack>
      </form>

      <Stack gap="sm">
        <Title order={3} size="h4">
          Access
        </Title>
        {!self && isLocked(user) && (
          <>
            <Text size="sm">
              Locked after wrong passwords until {formatDateTime(user.lockedUntil!, clinic.timeZone)}.
            </Text>
            {accessButton(`Unlock ${user.name}`, { unlock: true })}
          </>
        )}
        {self ? (
          <Text size="sm">Another admin can disable your account.</Text>
        ) : user.disabledAt ? (
          accessButton(`Enable ${user.name}`, { disabled: false })
        ) : (
          accessButton(`Disable ${user.name}`, { disabled: true }, 'red')
        )}
      </Stack>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate();
        }}
        noValidate
        aria-label="Reset password"
      >
        <Stack gap="sm">
          <Title order={3} size="h4">
            Reset password
          </Title>
          <PasswordInput
            label="New password (optional)"
            description="Leave empty to send a set-password link. Either way the old password stops working."
            autoComplete="new-password"
            {...bind('password')}
          />
          <Button type="submit" variant="default" loading={reset.isPending} w="fit-content">
            Reset password
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

/** Locked out after wrong passwords, as the list was loaded (a lock ends by itself later). */
function isLocked(user: StaffUser): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}
