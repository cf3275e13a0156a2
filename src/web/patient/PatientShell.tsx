/**
 * Around every patient page (/my/...): the clinic's name, the patient's name, a "Report a worrying
 * symptom" button on every page, and sign out. Mobile first: one column, large targets. Pages go
 * in `patientPages` (routes.tsx); a page renders inside <main> and starts with its <h1>.
 */
import { Alert, Box, Button, Center, Container, Group, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { api } from '../api';
import { useMe } from '../components/session';

export function PatientShell() {
  const me = useMe();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After moving to another page, focus its heading so a screen reader announces it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    const focus = () => {
      const h = main.querySelector<HTMLElement>('h1');
      h?.focus();
      return Boolean(h);
    };
    if (focus()) return;
    const observer = new MutationObserver(() => {
      if (focus()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [location.pathname]);

  if (me.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Container size="sm" py="xl" component="main">
        <Alert color="red" title="Could not load your page">
          {me.error.message}
        </Alert>
      </Container>
    );
  }
  const { user, clinic } = me.data;
  // Staff have their own app; these pages are for patients.
  if (user.role !== 'patient') return <Navigate to="/" replace />;

  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="sm" py="sm">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={700} c="blue.9" component={Link} to="/my">
                {clinic.name}
              </Text>
              <Text size="sm" c="gray.8">
                {user.name}
              </Text>
            </Stack>
            <PatientSignOut />
          </Group>
          <Button component={Link} to="/my/report" color="red.9" fullWidth mt="sm" size="md">
            Report a worrying symptom
          </Button>
        </Container>
      </Box>
      <Box component="main" id="main" ref={mainRef} tabIndex={-1} style={{ flex: 1, outline: 'none' }}>
        <Container size="sm" py="md">
          <Outlet />
        </Container>
      </Box>
      <Box component="footer" bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="sm" py="sm">
          <Text size="sm" c="gray.8">
            Questions about your care: call {clinic.contacts.phone}.
          </Text>
          <Text size="sm" c="gray.8">
            Urgent worries: {clinic.contacts.urgentPhone}. {clinic.contacts.outOfHours}
          </Text>
        </Container>
      </Box>
    </Box>
  );
}

function PatientSignOut() {
  const queryClient = useQueryClient();
  return (
    <Button
      variant="default"
      size="sm"
      onClick={async () => {
        await api.signOut().catch(() => {});
        queryClient.clear();
        // A full load: nothing of this patient's stays in memory.
        window.location.assign('/my/sign-in');
      }}
    >
      Sign out
    </Button>
  );
}
