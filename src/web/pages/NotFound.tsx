import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack gap="sm">
      <PageTitle>Page not found</PageTitle>
      <Text>There is no page at this address.</Text>
      <Anchor component={Link} to="/">
        Go to the worklist
      </Anchor>
    </Stack>
  );
}
