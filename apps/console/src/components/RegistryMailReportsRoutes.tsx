/**
 * The routes of the registry's, mail's and reports' screens beyond the first version's (issue #17). Called as a
 * function inside <Routes> (React Router reads <Route> elements through fragments, not through components).
 */
import { Route } from 'react-router';
import { RequireArea } from '../layout/Shell';
import { DeliveryPage } from '../pages/mail/DeliveryPage';
import { PreferencesPage } from '../pages/mail/PreferencesPage';
import { AccountsPage } from '../pages/registry/AccountsPage';
import { ImportPage } from '../pages/registry/ImportPage';
import { MergePage } from '../pages/registry/MergePage';
import { OrganizationEditPage } from '../pages/registry/OrganizationEditPage';
import { PersonPage } from '../pages/registry/PersonPage';
import { StudyGroupPage, StudyGroupsPage } from '../pages/registry/StudyGroupsPage';
import { EventsReportPage } from '../pages/reports/EventsReportPage';
import { StudyGroupReportPage } from '../pages/reports/StudyGroupReportPage';
import { RequireScreen } from './RequireScreen';

export function registryMailReportsRoutes() {
  const writer = (element: React.ReactNode) => <RequireScreen screen="merge">{element}</RequireScreen>;
  return (
    <>
      <Route path="registry/organizations/new" element={writer(<OrganizationEditPage />)} />
      <Route path="registry/organizations/:id/edit" element={writer(<OrganizationEditPage />)} />
      <Route path="registry/organizations/:id/merge" element={writer(<MergePage />)} />
      <Route path="registry/people/:id" element={<PersonPage />} />
      <Route path="registry/study-groups" element={<StudyGroupsPage />} />
      <Route path="registry/study-groups/:id" element={<StudyGroupPage />} />
      <Route
        path="registry/import"
        element={
          <RequireScreen screen="imports">
            <ImportPage />
          </RequireScreen>
        }
      />
      <Route
        path="registry/accounts"
        element={
          <RequireScreen screen="accounts">
            <AccountsPage />
          </RequireScreen>
        }
      />
      <Route
        path="mail/deliveries/:id"
        element={
          <RequireScreen screen="delivery">
            <DeliveryPage />
          </RequireScreen>
        }
      />
      <Route
        path="mail/preferences"
        element={
          <RequireScreen screen="preferences">
            <PreferencesPage />
          </RequireScreen>
        }
      />
      <Route
        path="reports/study-groups"
        element={
          <RequireArea area="reports">
            <StudyGroupReportPage />
          </RequireArea>
        }
      />
      <Route
        path="reports/events"
        element={
          <RequireArea area="reports">
            <EventsReportPage />
          </RequireArea>
        }
      />
    </>
  );
}
