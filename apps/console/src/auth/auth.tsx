/**
 * The session: the registry's token (POST /v1/auth/token) held in memory only; who the user is (GET /v1/auth/me).
 * A 401 from any service ends the session and sends the user to the login page with the place they were at kept
 * (?next=), so that logging in again brings them back.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, body, session } from '../api/client';
import type { Role } from '../api/types';

export interface User {
  personId: string;
  roles: Role[];
  name: string;
  email: string;
}

interface AuthState {
  user: User | undefined;
  /** Why the last session ended, when a service ended it (shown on the login page). */
  ended: 'expired' | undefined;
  login(email: string, password: string): Promise<void>;
  logout(reason?: 'expired'): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** Whether the user holds one of the roles. */
export function hasRole(user: User | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User>();
  const [ended, setEnded] = useState<'expired'>();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  const logout = useCallback(
    (reason?: 'expired') => {
      session.token = undefined;
      setUser(undefined);
      setEnded(reason);
      queryClient.clear();
      const next = `${location.pathname}${location.search}`;
      const params = new URLSearchParams();
      if (reason) params.set('reason', reason);
      if (reason && next !== '/login' && !next.startsWith('/login?')) params.set('next', next);
      void navigate(`/login${params.size ? `?${params}` : ''}`, { replace: true });
    },
    [location.pathname, location.search, navigate, queryClient],
  );

  useEffect(() => {
    session.onUnauthorized = () => logout('expired');
  }, [logout]);

  const login = useCallback(async (email: string, password: string) => {
    const token = body<{ accessToken: string }>(await api.registry.POST('/v1/auth/token', { body: { email, password } }));
    session.token = token.accessToken;
    setEnded(undefined);
    try {
      const me = body<{ personId: string; roles: Role[]; account?: { personName?: string; email?: string } }>(
        await api.registry.GET('/v1/auth/me'),
      );
      setUser({ personId: me.personId, roles: me.roles, name: me.account?.personName ?? email, email: me.account?.email ?? email });
    } catch (err) {
      session.token = undefined;
      throw err;
    }
  }, []);

  const value = useMemo(() => ({ user, ended, login, logout }), [user, ended, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;
