/**
 * The frame around every signed-in page, staff's (Shell) or a patient's (PatientShell): it waits
 * for the session, sends a person of the other audience to their own app, and lays out the skip
 * link, header, <main> and footer. After a move to another page it focuses that page's <h1>, so a
 * screen reader announces it. The header and footer are the audience's own.
 */
import { Alert, Box, Button, Container, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Me } from '../api';
import { PageLoading } from './Loading';
import { PageTitle } from './Page';
import { useMe } from './session';

export interface FrameVariant {
  audience: 'staff' | 'patient';
  /** Page width: staff work at a desk, patients mostly on a phone. */
  size: 'lg' | 'sm';
  /** Space above and below the page inside <main>. */
  mainPy: 'lg' | 'md';
  /** Title of the page when the session cannot be loaded. */
  errorTitle: string;
  /** What else that page says (a patient: whom to call about a worrying symptom). */
  unavailable?: () => ReactNode;
}

/** Where a person of the other audience belongs. */
const homeOf = { staff: '/', patient: '/my' } as const;

export function SignedInFrame({
  variant: { audience, size, mainPy, errorTitle, unavailable },
  header,
  footer,
  notice,
}: {
  variant: FrameVariant;
  header: (session: Me) => ReactNode;
  footer: (session: Me) => ReactNode;
  /** Shown above every page (e.g. an escalated alert). */
  notice?: ReactNode;
}) {
  const me = useMe();
  const mainRef = useFocusHeadingOnNavigate();

  if (me.isPending) {
    return (
      <Box
        component="main"
        mih="100vh"
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}
      >
        <Box>
          <PageLoading label="Loading" />
        </Box>
      </Box>
    );
  }
  // A session already loaded stays in use when asking again fails (its pages say what they could
  // not load); only with none is there nothing to show but why.
  const session = me.data;
  if (session === undefined) {
    return (
      <Container size="sm" py="xl" component="main">
        <Stack gap="md" align="flex-start">
          <PageTitle>{errorTitle}</PageTitle>
          <Alert color="red" w="100%">
            <Text size="sm">{me.error?.message}</Text>
          </Alert>
          {/* The server or its database may be back in a moment: no need to find the reload button. */}
          <Button loading={me.isFetching} onClick={() => void me.refetch()}>
            Try again
          </Button>
          {unavailable?.()}
        </Stack>
      </Container>
    );
  }
  const isPatient = session.user.role === 'patient';
  if (isPatient !== (audience === 'patient'))
    return <Navigate to={homeOf[isPatient ? 'patient' : 'staff']} replace />;

  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size={size} py="sm">
          {header(session)}
        </Container>
      </Box>
      <Box component="main" id="main" ref={mainRef} tabIndex={-1} style={{ flex: 1, outline: 'none' }}>
        <Container size={size} py={mainPy}>
          {notice}
          <Outlet />
        </Container>
      </Box>
      <Box component="footer" bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size={size} py="sm">
          {footer(session)}
        </Container>
      </Box>
    </Box>
  );
}

/**
 * After a route change, focus the new page's <h1> (once it renders, for a page that loads lazily):
 * first a loading page's, then the page's own when it replaces it, unless the person has moved on.
 */
function useFocusHeadingOnNavigate() {
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    let focused: HTMLElement | null = null;
    // True once the page's own heading has the focus, or the person has moved it on themselves.
    const focusHeading = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading || heading === focused) return false;
      const active = document.activeElement;
      if (focused && active !== document.body && active !== focused) return true;
      heading.focus();
      focused = heading;
      return !heading.hasAttribute('data-loading');
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [location.pathname]);
  return mainRef;
}
