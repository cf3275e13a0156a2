import {
  Alert,
  Anchor,
  Box,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { useDocumentTitle } from '../components/session';

/** Where a set-password link from an administrator lands: the person chooses their password. */
export function SetPasswordPage() {
  useDocumentTitle('Set your password');
  const [params] = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const set = useMutation({ mutationFn: () => api.setPassword(token ?? '', password) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < 10) return setError('Use at least 10 characters.');
    if (password !== repeat) return setError('The two passwords are not the same.');
    setError(null);
    set.mutate();
  };

  const invalid = !token || params.get('error') === 'INVALID_TOKEN';
  return (
    <Box bg="gray.0" mih="100vh" py="xl">
      <Container component="main" size={440}>
        <Stack gap="lg">
          <Box>
            <Text fw={700} c="blue.9" size="lg">
              SIJ Pathway
            </Text>
            <Title order={1} size="h2">
              Set your password
            </Title>
          </Box>
          {invalid ? (
            <Alert color="red" title="This link does not work">
              It may have expired (links last 24 hours) or been used already. Ask your clinic administrator
              for a new one.
            </Alert>
          ) : set.isSuccess ? (
            <Alert color="green" title="Your password is set">
              <Anchor component={Link} to="/sign-in">
                Sign in
              </Anchor>{' '}
              with your email and the new password.
            </Alert>
          ) : (
            <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} noValidate>
              <Stack gap="md">
                {(error || set.error) && (
                  <Alert color="red" title="Not set">
                    {error ?? set.error?.message}
                  </Alert>
                )}
                <PasswordInput
                  label="New password"
                  description="At least 10 characters"
                  autoComplete="new-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <PasswordInput
                  label="The same password again"
                  autoComplete="new-password"
                  required
                  value={repeat}
                  onChange={(e) => setRepeat(e.currentTarget.value)}
                />
                <Button type="submit" loading={set.isPending}>
                  Set password
                </Button>
              </Stack>
            </Paper>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
