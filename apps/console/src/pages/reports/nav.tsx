import '../../components/labels';
import './labels';
import { SubNav } from '../../components/SubNav';

/** The report screens (admin, coordinator, viewer): proposals' KPI, study groups per year, events per fiscal year. */
export function ReportsNav() {
  return (
    <SubNav
      label="reportsNav.label"
      items={[
        { to: '/reports', label: 'reportsNav.kpi' },
        { to: '/reports/study-groups', label: 'reportsNav.studyGroups' },
        { to: '/reports/events', label: 'reportsNav.events' },
      ]}
    />
  );
}
