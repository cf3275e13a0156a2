import { Alert, Anchor, Button, Paper, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { useFormFields } from '../components/formBinding';
import { SignedOutFrame } from '../components/SignedOutFrame';
import { useDocumentTitle } from '../components/session';

/** Where a set-password link from an administrator lands: the person chooses their password. */
export function SetPasswordPage() {
  useDocumentTitle('Set your password');
  const [params] = useSearchParams();
  const token = params.get('token');
  const { values, bind } = useFormFields({ password: '', repeat: '' });
  const { password, repeat } = values;
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
    <SignedOutFrame title="Set your password">
      {invalid ? (
        <Alert color="red" title="This link does not work">
          It may have expired (links last 24 hours) or been used already. Ask your clinic administrator for a
          new one.
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
              {...bind('password')}
            />
            <PasswordInput
              label="The same password again"
              autoComplete="new-password"
              required
              {...bind('repeat')}
            />
            <Button type="submit" loading={set.isPending}>
              Set password
            </Button>
          </Stack>
        </Paper>
      )}
    </SignedOutFrame>
  );
}
