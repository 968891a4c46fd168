import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { canSee, type Screen } from '../auth/access';
import { useAuth } from '../auth/auth';

/** A screen only some roles may use (see SCREEN_ROLES): others are sent to Today, and nothing of it is fetched. */
export function RequireScreen({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { user } = useAuth();
  if (!canSee(user?.roles, screen)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
