import {
  Alert,
  Anchor,
  Button,
  Code,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, type DemoSignIns as DemoAccounts } from '../api';
import { useFormFields } from '../components/formBinding';
import { SignedOutFrame } from '../components/SignedOutFrame';
import { useDocumentTitle } from '../components/session';

/**
 * Only same-site paths, so a crafted link cannot send people elsewhere after signing in (a browser
 * reads "/\\host" as "//host").
 */
function safeNext(next: string | null): string {
  return next?.startsWith('/') &&
    !next.startsWith('//') &&
    !next.includes('\\') &&
    !next.startsWith('/sign-in')
    ? next
    : '/';
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const { values, bind } = useFormFields({ email: '', password: '' });
  const demo = useQuery({
    queryKey: ['demo-sign-ins'],
    queryFn: api.demoSignIns,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  const ehrs = useQuery({
    queryKey: ['smart-ehrs'],
    queryFn: api.smartEhrs,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  const signIn = useMutation({
    mutationFn: () => api.signIn(values.email.trim(), values.password),
    onSuccess: async () => {
      queryClient.clear();
      await navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  const error = signIn.error;
  const carryOn = safeNext(params.get('next')) !== '/';
  const wrongPassword = error instanceof ApiError && (error.status === 401 || error.status === 400);

  return (
    <SignedOutFrame title="Sign in">
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {carryOn && !error && (
            <Alert color="blue" role="status">
              Sign in to carry on to the page you opened.
            </Alert>
          )}
          {error && (
            <Alert color="red" title={wrongPassword ? 'Email or password is wrong' : 'Could not sign in'}>
              {wrongPassword ? 'Check both and try again.' : error.message}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            withAsterisk={false}
            {...bind('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...bind('password')}
          />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </Paper>
      {ehrs.data && ehrs.data.ehrs.length > 0 && (
        <Stack gap="xs" component="section" aria-label="Sign in with your EHR">
          <Text size="sm" c="gray.8">
            Or sign in through your hospital record system (SMART on FHIR):
          </Text>
          {ehrs.data.ehrs.map((e) => (
            <Button key={e.launchUrl} component="a" href={e.launchUrl} variant="default" fullWidth>
              Sign in with {e.name}
            </Button>
          ))}
        </Stack>
      )}
      {demo.data && <DemoSignIns {...demo.data} />}
    </SignedOutFrame>
  );
}

/** The demo clinic's made-up accounts, as the server reports them when it runs the demo. */
function DemoSignIns({ password, users, patient }: DemoAccounts) {
  return (
    <Alert color="blue" variant="light" title="Demo clinic: made-up patients only">
      <Text size="sm">
        Sign in as one of these; the password for all is <Code>{password}</Code>.
      </Text>
      <List size="sm" mt={4} spacing={2}>
        {users.map((u) => (
          <List.Item key={u.email}>
            <span style={{ textTransform: 'capitalize' }}>{u.role}</span>: <Code>{u.email}</Code>
          </List.Item>
        ))}
      </List>
      {patient && (
        <Text size="sm" mt={4}>
          A patient’s pages:{' '}
          <Anchor href="/my/sign-in" c="blue.9" underline="always">
            sign in as a patient
          </Anchor>{' '}
          with <Code>{patient}</Code>, then read the code on the admin’s Outbox page.
        </Text>
      )}
    </Alert>
  );
}
