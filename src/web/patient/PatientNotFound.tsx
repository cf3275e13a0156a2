import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useDocumentTitle } from '../components/session';

export function PatientNotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack>
      <Title order={1} size="h2" tabIndex={-1}>
        Page not found
      </Title>
      <Text>There is no page here.</Text>
      <Anchor component={Link} to="/my">
        Back to your care
      </Anchor>
    </Stack>
  );
}
