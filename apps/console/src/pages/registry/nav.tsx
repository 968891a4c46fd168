import '../../components/labels';
import './labels';
import { canSee } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { SubNav } from '../../components/SubNav';

/** The registry's screens: search, study groups, CSV import (admin, coordinator), staff accounts (admin). */
export function RegistryNav() {
  const { user } = useAuth();
  return (
    <SubNav
      label="registryNav.label"
      items={[
        { to: '/registry', label: 'registryNav.search', prefix: '/registry/organizations' },
        { to: '/registry/study-groups', label: 'registryNav.studyGroups', prefix: '/registry/study-groups' },
        { to: '/registry/import', label: 'registryNav.import', hidden: !canSee(user?.roles, 'imports') },
        { to: '/registry/accounts', label: 'registryNav.accounts', hidden: !canSee(user?.roles, 'accounts') },
      ]}
    />
  );
}
