/**
 * Document control of the patient leaflets, for admins: each leaflet's reference, version, issue and
 * review dates, owner, sources and reading grade; a leaflet past its review date is called out.
 */

import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { Loading } from '../components/Loading';
import { AdminOnly, PageTitle } from '../components/Page';
import { useDocumentTitle, useSession } from '../components/session';
import { formatDate } from '../format';

export function LeafletsPage() {
  useDocumentTitle('Leaflets');
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const q = useQuery({ queryKey: ['leaflets'], queryFn: api.leaflets, enabled: isAdmin });
  const overdue = q.data?.items.filter((l) => l.pastReview) ?? [];
  if (!isAdmin) return <AdminOnly title="Leaflets" what="manage the leaflets" />;
  return (
    <Stack gap="md">
      <PageTitle>Leaflets</PageTitle>
      <Text size="sm">
        Patient leaflets under document control. Each patient sees the version they were given on their
        episode. Reading grade: Flesch–Kincaid, aiming for grade {q.data?.targetGrade ?? 8} or easier.
      </Text>
      {q.isPending && <Loading label="Loading the leaflets" />}
      {q.isError && <Alert color="red">The leaflets could not be loaded: {q.error.message}</Alert>}
      {overdue.length > 0 && (
        <Alert color="red" title="Past their review date">
          {overdue
            .map((l) => `${l.reference} (${l.title}), review was due ${formatDate(l.reviewDate)}`)
            .join('; ')}
          . Review them and issue a new version.
        </Alert>
      )}
      {q.data?.items.map((l) => (
        <Paper
          key={l.reference}
          withBorder
          p="md"
          radius="md"
          component="section"
          aria-labelledby={`leaflet-${l.reference}`}
        >
          <Stack gap="xs">
            <Group gap="sm">
              <Title order={2} size="h4" id={`leaflet-${l.reference}`}>
                {l.reference}: {l.title}
              </Title>
              {l.pastReview && (
                <Badge color="red.9" variant="filled">
                  Past review date
                </Badge>
              )}
            </Group>
            <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing={4} m={0}>
              {(
                [
                  ['Version', String(l.version)],
                  ['Issued', formatDate(l.issued)],
                  ['Review by', formatDate(l.reviewDate)],
                  ['Owner', l.owner],
                  ['Reading grade', l.readingGrade.toFixed(1)],
                  ['Sources', l.sources.join(', ')],
                ] as const
              ).map(([label, value]) => (
                <div key={label}>
                  <Text component="dt" size="sm" fw={600}>
                    {label}
                  </Text>
                  <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                    {value}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
