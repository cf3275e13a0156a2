import { type CSSVariablesResolver, createTheme, MantineProvider, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router';
import { ApiError, setUnauthorizedHandler } from './api';
import { PageLoading } from './components/Loading';
import { PageError } from './components/PageError';
import { Shell } from './components/Shell';
import { AddPatientPage } from './pages/AddPatient';
import { AuditPage } from './pages/Audit';
import { LeafletsPage } from './pages/Leaflets';
import { NotFoundPage } from './pages/NotFound';
import { OutboxPage } from './pages/Outbox';
import { PatientPage } from './pages/PatientPage';
import { PatientsPage } from './pages/Patients';
import { ProcedureListPage } from './pages/ProcedureListPage';
import { SetPasswordPage } from './pages/SetPassword';
import { SignInPage } from './pages/SignIn';
import { UsersPage } from './pages/Users';
import { WorklistPage } from './pages/Worklist';
import { PatientShell } from './patient/PatientShell';
import { PatientSignInPage } from './patient/PatientSignIn';
import { patientPages } from './patient/routes';

// The episode workspace carries the clinical core's rules and wording: loaded when first opened.
const EpisodePage = lazy(() =>
  import('./pages/episode/EpisodePage').then((m) => ({ default: m.EpisodePage })),
);
// The settings page explains every clinical rule with the core's defaults: loaded when first opened.
const SettingsPage = lazy(() =>
  import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
// The alerts page names symptoms in the clinical core's words: loaded when first opened.
const AlertsPage = lazy(() => import('./pages/follow-up/Alerts').then((m) => ({ default: m.AlertsPage })));
// The outcomes dashboard carries Observable Plot: loaded when first opened.
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
function LazyDashboardPage() {
  return (
    <Suspense fallback={<PageLoading label="Loading the outcomes" />}>
      <DashboardPage />
    </Suspense>
  );
}
function LazyAlertsPage() {
  return (
    <Suspense fallback={<PageLoading label="Loading the alerts" />}>
      <AlertsPage />
    </Suspense>
  );
}
function LazySettingsPage() {
  return (
    <Suspense fallback={<PageLoading label="Loading the settings" />}>
      <SettingsPage />
    </Suspense>
  );
}
function LazyEpisodePage() {
  return (
    <Suspense fallback={<PageLoading label="Loading the episode" />}>
      <EpisodePage />
    </Suspense>
  );
}

// primaryShade 8: white on blue.7 is 4.19:1, below WCAG AA; blue.8 passes (STACK-NOTES §4).
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  cursorType: 'pointer',
  respectReducedMotion: true,
  components: {
    // A toast's close button is an icon: without a name axe flags it (button-name).
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});

// Mantine's "dimmed" grey (descriptions, placeholders) is gray.6, 3.3:1 on white; gray.7 meets WCAG AA.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text and borders: red.6 is 3.3:1 on white; red.9 is 5.7:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // A light alert's title and icon take its colour's "light-color": yellow.9 on yellow's light
    // background is 2.7:1, orange.9 on orange's 4.0:1. Darker shades of the same hues: 5.3 and 5.9:1.
    '--mantine-color-yellow-light-color': '#8a5a00',
    '--mantine-color-orange-light-color': '#a83a0a',
    // A light blue button under the pointer is blue.9 on blue.2: 4.0:1. One shade lighter each
    // (blue.0, hovered blue.1) keeps the hover visible: 5.3 and 4.7:1.
    '--mantine-color-blue-light': 'var(--mantine-color-blue-0)',
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      staleTime: 10_000,
      refetchOnWindowFocus: false,
    },
  },
});

// The staff pages, inside the signed-in frame (src/web/components/Shell.tsx).
const staffPages: RouteObject[] = [
  { index: true, Component: WorklistPage },
  { path: 'patients', Component: PatientsPage },
  { path: 'patients/new', Component: AddPatientPage },
  { path: 'patients/:patientId', Component: PatientPage },
  { path: 'episodes/:episodeId', Component: LazyEpisodePage },
  { path: 'lists/:listId', Component: ProcedureListPage },
  { path: 'alerts', Component: LazyAlertsPage },
  { path: 'audit', Component: AuditPage },
  { path: 'dashboard', Component: LazyDashboardPage },
  { path: 'leaflets', Component: LeafletsPage },
  { path: 'settings', Component: LazySettingsPage },
  { path: 'users', Component: UsersPage },
  { path: 'outbox', Component: OutboxPage },
  { path: '*', Component: NotFoundPage },
];

const router = createBrowserRouter([
  { path: '/sign-in', Component: SignInPage },
  { path: '/set-password', Component: SetPasswordPage },
  // The patient's own pages (src/web/patient/).
  { path: '/my/sign-in', Component: PatientSignInPage },
  { path: '/my', Component: PatientShell, children: [{ ErrorBoundary: PageError, children: patientPages }] },
  {
    Component: Shell,
    // A page that fails shows why inside the frame, with the menu still there.
    children: [{ ErrorBoundary: PageError, children: staffPages }],
  },
]);

setUnauthorizedHandler(() => {
  const { pathname, search } = window.location;
  if (pathname === '/sign-in' || pathname === '/set-password' || pathname === '/my/sign-in') return;
  queryClient.clear();
  // Back to the page they were on once signed in again: a half-written symptom report is kept
  // there (ReportSymptomPage), and a diary reminder's link still leads to the diary.
  if (pathname === '/my' || pathname.startsWith('/my/')) {
    const next = pathname === '/my' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    void router.navigate(`/my/sign-in${next}`, { replace: true });
    return;
  }
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  void router.navigate(`/sign-in${next}`, { replace: true });
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        {/* Under a dialog (Mantine's modals stand at 200): a note of a save just made must not
            sit over the title and the close button of a dialog opened again at once, full-screen
            on a phone. Every note is a confirmation; the dialog says its own errors. */}
        <Notifications position="top-right" zIndex={150} />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
