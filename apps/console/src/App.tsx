import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import { AuthProvider } from './auth/auth';
import { RequireArea, Shell } from './layout/Shell';
import { registryMailReportsRoutes } from './components/RegistryMailReportsRoutes';
import { DeadLettersPage } from './pages/mail/DeadLetters';
import { DeliveriesPage } from './pages/mail/Deliveries';
import { CheckInPage } from './pages/events/CheckInPage';
import { EventPage } from './pages/events/EventPage';
import { EventsPage } from './pages/events/EventsPage';
import { LoginPage } from './pages/Login';
import { ProposalPage } from './pages/proposals/ProposalPage';
import { ProposalsPage } from './pages/proposals/ProposalsPage';
import { OpenPrivacyRequestPage } from './pages/privacy/OpenPrivacyRequestPage';
import { PrivacyRequestPage } from './pages/privacy/PrivacyRequestPage';
import { PrivacyRequestsPage } from './pages/privacy/PrivacyRequestsPage';
import { KpiPage } from './pages/reports/KpiPage';
import { OrganizationPage } from './pages/registry/OrganizationPage';
import { RegistryPage } from './pages/registry/RegistryPage';
import { TodayPage } from './pages/Today';

// Darker primary shades than Mantine's defaults, so that text on them passes WCAG AA contrast.
export const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, fontFamily: 'system-ui, "Noto Sans CJK JP", sans-serif' });

export function newQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // 4xx answers are final; retry only what may pass on a second try.
        retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Shell />}>
        <Route index element={<TodayPage />} />
        <Route path="registry" element={<RegistryPage />} />
        <Route path="registry/organizations/:id" element={<OrganizationPage />} />
        {registryMailReportsRoutes()}
        <Route path="proposals" element={<ProposalsPage />} />
        <Route path="proposals/:id" element={<ProposalPage />} />
        <Route
          path="reports"
          element={
            <RequireArea area="reports">
              <KpiPage />
            </RequireArea>
          }
        />
        <Route path="events" element={<EventsPage />} />
        <Route path="events/:id" element={<EventPage />} />
        <Route path="events/:id/check-in" element={<CheckInPage />} />
        <Route
          path="mail"
          element={
            <RequireArea area="mail">
              <DeliveriesPage />
            </RequireArea>
          }
        />
        <Route
          path="dead-letters"
          element={
            <RequireArea area="deadLetters">
              <DeadLettersPage />
            </RequireArea>
          }
        />
        <Route
          path="privacy"
          element={
            <RequireArea area="privacy">
              <PrivacyRequestsPage />
            </RequireArea>
          }
        />
        <Route
          path="privacy/new"
          element={
            <RequireArea area="privacy">
              <OpenPrivacyRequestPage />
            </RequireArea>
          }
        />
        <Route
          path="privacy/:id"
          element={
            <RequireArea area="privacy">
              <PrivacyRequestPage />
            </RequireArea>
          }
        />
        <Route path="*" element={<TodayPage />} />
      </Route>
    </Routes>
  );
}

/**
 * The whole console. `env="test"` (component tests only) switches Mantine's transitions and portals off, so no
 * transition timer outlives a test's document.
 */
export function App({ queryClient, env }: { queryClient: QueryClient; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={theme} env={env}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
