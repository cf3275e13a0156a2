import { Alert, Anchor, Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, useLocation } from 'react-router';
import { api } from '../api';
import { clearDrafts } from '../drafts';
import { alertSummaryKey } from '../pages/follow-up/keys';
import { roleLabels } from './roles';
import { type FrameVariant, SignedInFrame } from './SignedInFrame';
import { useMe } from './session';

const staffFrame: FrameVariant = {
  audience: 'staff',
  size: 'lg',
  mainPy: 'lg',
  errorTitle: 'Could not load your session',
};

/** Header, navigation and footer around every signed-in staff page (a patient's are in src/web/patient/). */
export function Shell() {
  const me = useMe();
  const location = useLocation();
  const staff = me.data !== undefined && me.data.user.role !== 'patient';
  // Open worrying-symptom alerts reach every staff page: a count in the menu, and a banner for an
  // escalated one (nobody acknowledged it in the clinic's set time).
  const alerts = useQuery({
    queryKey: alertSummaryKey,
    queryFn: api.alertSummary,
    enabled: staff,
    refetchInterval: 30_000,
  });
  const openAlerts = alerts.data?.open ?? 0;
  const escalated = alerts.data?.escalated ?? 0;

  return (
    <SignedInFrame
      variant={staffFrame}
      header={({ user, clinic }) => (
        <>
          <Group justify="space-between" gap="sm">
            <Stack gap={0}>
              <Text fw={700} size="lg" c="blue.9">
                SIJ Pathway
              </Text>
              <Text size="sm" c="gray.7">
                {clinic.name}
              </Text>
            </Stack>
            <Group gap="sm">
              <Stack gap={0} align="flex-end">
                <Text size="sm" fw={600}>
                  {user.name}
                </Text>
                <Badge
                  variant="light"
                  color="gray"
                  size="sm"
                  tt="none"
                  aria-label={`Role: ${roleLabels[user.role]}`}
                >
                  {roleLabels[user.role]}
                </Badge>
              </Stack>
              <SignOutButton />
            </Group>
          </Group>
          <Group component="nav" aria-label="Main" gap="xs" mt="sm">
            <NavItem to="/" end>
              Worklist
            </NavItem>
            <NavItem to="/patients">Patients</NavItem>
            <NavItem to="/alerts">{openAlerts > 0 ? `Alerts (${openAlerts} open)` : 'Alerts'}</NavItem>
            {(user.role === 'admin' || user.role === 'clinician') && (
              <NavItem to="/dashboard">Outcomes</NavItem>
            )}
            {user.role === 'admin' && (
              <>
                <NavItem to="/settings">Settings</NavItem>
                <NavItem to="/users">Users</NavItem>
                <NavItem to="/leaflets">Leaflets</NavItem>
                <NavItem to="/audit">Audit</NavItem>
                <NavItem to="/outbox">Outbox</NavItem>
              </>
            )}
          </Group>
        </>
      )}
      notice={
        escalated > 0 &&
        location.pathname !== '/alerts' && (
          <Alert color="red.9" variant="filled" mb="md" title="Alert waiting too long">
            {escalated === 1
              ? 'A patient’s worrying-symptom alert has not been acknowledged in the clinic’s set time.'
              : `${escalated} worrying-symptom alerts have not been acknowledged in the clinic’s set time.`}{' '}
            <Anchor component={Link} to="/alerts" c="white" fw={700} td="underline">
              Open the alerts
            </Anchor>
          </Alert>
        )
      }
      footer={({ clinic }) => (
        <>
          <Text size="sm" c="gray.8" fw={500}>
            Decision support — clinical judgement remains with the clinician.
          </Text>
          {clinic.contacts.urgentPhone && (
            <Text size="sm" c="gray.7">
              Urgent clinical line: {clinic.contacts.urgentPhone}
            </Text>
          )}
        </>
      )}
    />
  );
}

function NavItem({ to, end, children }: { to: string; end?: boolean; children: string }) {
  return (
    <NavLink to={to} end={end} style={{ textDecoration: 'none' }}>
      {({ isActive }) => (
        <Box
          component="span"
          px="md"
          py={6}
          display="inline-block"
          fw={600}
          fz="sm"
          c={isActive ? 'white' : 'blue.9'}
          bg={isActive ? 'blue.8' : 'blue.0'}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        >
          {children}
        </Box>
      )}
    </NavLink>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const signOut = async () => {
    try {
      await api.signOut();
    } catch {
      // The session may already be gone; leaving the page is still the right thing.
    }
    queryClient.clear();
    clearDrafts();
    // A full load, not an in-app move: nothing of the session stays in memory for Back to show.
    window.location.replace('/sign-in');
  };
  return (
    <Button variant="default" size="sm" onClick={() => void signOut()}>
      Sign out
    </Button>
  );
}
