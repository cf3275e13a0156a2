/**
 * A patient signs in without a password: their email, then a 6-digit code we send (or a link, if
 * they prefer). A used or expired link lands here with `?error=` and says so, offering a new one.
 */
import { Alert, Anchor, Box, Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api';
import { useDocumentTitle } from '../components/session';
import { UrgentHelp } from './UrgentHelp';

type Sent = 'code' | 'link' | null;

/** Where to go after signing in: one of the patient's own pages, never another site or the staff's. */
function patientPath(next: string | null): string | null {
  return next?.startsWith('/my/') && !next.includes('//') && !next.includes('\\') ? next : null;
}

export function PatientSignInPage() {
  useDocumentTitle('Sign in to your care');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<Sent>(null);
  const linkError = params.get('error');
  const next = patientPath(params.get('next'));

  const send = useMutation({
    mutationFn: (how: 'code' | 'link') =>
      how === 'code' ? api.sendSignInCode(email.trim()) : api.sendSignInLink(email.trim()),
    onSuccess: (_data, how) => {
      setSent(how);
      setCode('');
    },
  });
  const verify = useMutation({
    mutationFn: (otp: string) => api.signInWithCode(email.trim(), otp),
    onSuccess: async () => {
      queryClient.clear();
      await navigate(next ?? '/my', { replace: true });
    },
  });

  const onEmail = (event: FormEvent) => {
    event.preventDefault();
    if (email.trim()) send.mutate('code');
  };
  const onCode = (event: FormEvent) => {
    event.preventDefault();
    if (code.length === 6) verify.mutate(code);
  };
  const tooMany = (e: unknown) => e instanceof ApiError && e.status === 429;

  return (
    <Box bg="gray.0" mih="100vh" py="lg">
      <Container component="main" size={480} w="100%">
        <Stack gap="md">
          <Box>
            <Text fw={700} c="blue.9">
              Your SI joint injection
            </Text>
            <Title order={1} size="h2">
              Sign in to your care
            </Title>
          </Box>
          {next && !linkError && !sent && (
            <Alert color="blue" role="status">
              Sign in to carry on to the page you opened.
            </Alert>
          )}
          {linkError && !sent && (
            <Alert color="yellow" role="status">
              <Text fw={700}>That sign-in link no longer works</Text>
              Each link works once, for a limited time: it has been used or it has expired. Enter your email
              below and we will send you a new code.
            </Alert>
          )}
          {sent === null || sent === 'link' ? (
            <Paper withBorder p="md" radius="md" component="form" onSubmit={onEmail} noValidate>
              <Stack gap="md">
                {sent === 'link' && (
                  <Alert color="blue" title="Check your email">
                    If {email.trim()} belongs to a patient of the clinic, a sign-in link is on its way. Open
                    it on this device.
                  </Alert>
                )}
                {send.error && (
                  <Alert color="red" title="Could not send">
                    {tooMany(send.error)
                      ? 'Too many tries: wait a minute, then try again.'
                      : send.error.message}
                  </Alert>
                )}
                <TextInput
                  label="Your email address"
                  description="The one you gave the clinic."
                  type="email"
                  autoComplete="email"
                  required
                  withAsterisk={false}
                  size="md"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                />
                <Button
                  type="submit"
                  size="md"
                  loading={send.isPending && send.variables === 'code'}
                  fullWidth
                >
                  Send me a code
                </Button>
                <Button
                  variant="default"
                  size="md"
                  fullWidth
                  loading={send.isPending && send.variables === 'link'}
                  onClick={() => email.trim() && send.mutate('link')}
                >
                  Send me a link instead
                </Button>
              </Stack>
            </Paper>
          ) : (
            <Paper withBorder p="md" radius="md" component="form" onSubmit={onCode} noValidate>
              <Stack gap="md">
                <Text>
                  If {email.trim()} belongs to a patient of the clinic, we have sent a 6-digit code to it. It
                  works once.
                </Text>
                {verify.error && (
                  <Alert color="red" title="That code did not work">
                    {tooMany(verify.error)
                      ? 'Too many tries: wait a minute, then try again.'
                      : 'Check it and try again: if you asked for more than one code, only the newest works. After three wrong tries, ask for a new code.'}
                  </Alert>
                )}
                <TextInput
                  label="Your 6-digit code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  size="md"
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
                />
                <Button
                  type="submit"
                  size="md"
                  loading={verify.isPending}
                  disabled={code.length !== 6}
                  fullWidth
                >
                  Sign in
                </Button>
                <Anchor component="button" type="button" onClick={() => send.mutate('code')}>
                  Send me a new code
                </Anchor>
                <Anchor component="button" type="button" onClick={() => setSent(null)}>
                  Use a different email address
                </Anchor>
              </Stack>
            </Paper>
          )}
          {/* Before signing in we may not know the patient's clinic: the last one this phone showed, or the emails. */}
          <UrgentHelp lead="Worried about a symptom and cannot sign in?" />
        </Stack>
      </Container>
    </Box>
  );
}
