import { Button, Stack, Text } from '@mantine/core';
import { useRouteError } from 'react-router';
import { isStaleBuildError } from '../stale-build';
import { PageTitle } from './Page';
import { useDocumentTitle } from './session';

/**
 * What a page that failed to show says, inside the app's frame (its menu still works): never a
 * blank screen. The usual cause is a page opened before SIJ Pathway was updated.
 */
export function PageError() {
  const error = useRouteError();
  const stale = isStaleBuildError(error);
  const title = stale ? 'This page needs a reload' : 'This page could not be shown';
  useDocumentTitle(title);
  return (
    <Stack gap="sm" role="alert">
      <PageTitle>{title}</PageTitle>
      <Text>
        {stale
          ? 'SIJ Pathway was updated after this page was opened. Reload the page to use the new version.'
          : 'Something went wrong while showing this page. Reload it to try again; if it happens again, tell your administrator what you were doing.'}
      </Text>
      <div>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </div>
    </Stack>
  );
}
