import { Button, Stack, Text } from '@mantine/core';
import { useLocation, useRouteError } from 'react-router';
import { isStaleBuildError } from '../stale-build';
import { PageTitle } from './Page';
import { useDocumentTitle } from './session';

/**
 * What a page that failed to show says, inside the app's frame (its menu still works): never a
 * blank screen. The usual cause is a page opened before SIJ Pathway was updated.
 */
export function PageError() {
  const error = useRouteError();
  // A patient's pages (/my) have no administrator to tell; their clinic's numbers are in the frame.
  const patient = useLocation().pathname.startsWith('/my');
  const stale = isStaleBuildError(error);
  const title = stale ? 'This page needs a reload' : 'This page could not be shown';
  useDocumentTitle(title);
  const again = patient
    ? 'If it happens again, or you are worried about a symptom, call the clinic: its numbers are at the foot of this page.'
    : 'If it happens again, tell your administrator what you were doing.';
  return (
    <Stack gap="sm" role="alert">
      <PageTitle>{title}</PageTitle>
      <Text>
        {stale
          ? 'This page was opened before an update. Reload it to use the new version.'
          : `Something went wrong while showing this page. Reload it to try again. ${again}`}
      </Text>
      <div>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </div>
    </Stack>
  );
}
