import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useDocumentTitle } from '../components/session';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack gap="sm">
      <Title order={1} size="h2" tabIndex={-1}>
        Page not found
      </Title>
      <Text>There is no page at this address.</Text>
      <Anchor component={Link} to="/">
        Go to the worklist
      </Anchor>
    </Stack>
  );
}
