import '../../components/labels';
import './labels';
import { canSee, canUse } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { SubNav } from '../../components/SubNav';

/** The mail screens: the delivery log (admin, coordinator) and a person's preferences (admin, coordinator, viewer). */
export function MailNav() {
  const { user } = useAuth();
  return (
    <SubNav
      label="mailNav.label"
      items={[
        { to: '/mail', label: 'mailNav.log', prefix: '/mail/deliveries', hidden: !canUse(user?.roles, 'mail') },
        { to: '/mail/preferences', label: 'mailNav.preferences', hidden: !canSee(user?.roles, 'preferences') },
      ]}
    />
  );
}
