import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';

export function PatientNotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack>
      <PageTitle>Page not found</PageTitle>
      <Text>There is no page here.</Text>
      <Anchor component={Link} to="/my">
        Back to your care
      </Anchor>
    </Stack>
  );
}
