/**
 * The frame around every signed-in page, staff's (Shell) or a patient's (PatientShell): it waits
 * for the session, sends a person of the other audience to their own app, and lays out the skip
 * link, header, <main> and footer. After a move to another page it focuses that page's <h1>, so a
 * screen reader announces it. The header and footer are the audience's own.
 */
import { Alert, Box, Center, Container, Loader } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Me } from '../api';
import { useMe } from './session';

export interface FrameVariant {
  audience: 'staff' | 'patient';
  /** Page width: staff work at a desk, patients mostly on a phone. */
  size: 'lg' | 'sm';
  /** Space above and below the page inside <main>. */
  mainPy: 'lg' | 'md';
  /** Title of the alert when the session cannot be loaded. */
  errorTitle: string;
}

/** Where a person of the other audience belongs. */
const homeOf = { staff: '/', patient: '/my' } as const;

export function SignedInFrame({
  variant: { audience, size, mainPy, errorTitle },
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
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Container size="sm" py="xl" component="main">
        <Alert color="red" title={errorTitle}>
          {me.error.message}
        </Alert>
      </Container>
    );
  }
  const isPatient = me.data.user.role === 'patient';
  if (isPatient !== (audience === 'patient'))
    return <Navigate to={homeOf[isPatient ? 'patient' : 'staff']} replace />;

  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size={size} py="sm">
          {header(me.data)}
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
          {footer(me.data)}
        </Container>
      </Box>
    </Box>
  );
}

/** After a route change, focus the new page's <h1> (once it renders, for a page that loads lazily). */
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
    const focusHeading = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      heading?.focus();
      return Boolean(heading);
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
