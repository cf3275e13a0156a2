/**
 * What a person sees while something loads: a spinner a screen reader can name. An `aria-label`
 * on the spinner alone is prohibited ARIA (it is a bare span); as a `status` it is named and read.
 */
import { Box, Center, Loader, type MantineSize, VisuallyHidden } from '@mantine/core';

export function Loading({ label, size }: { label: string; size?: MantineSize }) {
  return <Loader role="status" aria-label={label} size={size} />;
}

/**
 * A whole page loading, before its own heading is known: a hidden heading names what loads, so
 * the page has its one <h1> and the frame can move focus to it (and on to the page's own when it
 * arrives: `data-loading` tells the frame to keep waiting; see SignedInFrame).
 */
export function PageLoading({ label }: { label: string }) {
  return (
    <>
      <Box component="h1" m={0} tabIndex={-1} data-loading="">
        <VisuallyHidden>{label}</VisuallyHidden>
      </Box>
      <Center py="xl">
        <Loader aria-hidden />
      </Center>
    </>
  );
}
