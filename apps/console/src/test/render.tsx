/**
 * Component tests render the whole application at a URL, with the network answered by `answer` (the services'
 * own shapes, as the browser tests see them from the real platform).
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App, newQueryClient } from '../App';
import '../i18n';

export type Answer = (
  method: string,
  path: string,
  request: Request,
) => { status?: number; body?: unknown; headers?: Record<string, string> } | undefined;

export function stubNetwork(answer: Answer) {
  const calls: { method: string; path: string; request: Request }[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    calls.push({ method: request.method, path, request });
    const a = answer(request.method, path, request);
    if (!a)
      return new Response(JSON.stringify({ status: 404, title: 'Not Found' }), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      });
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), {
      status: a.status ?? 200,
      headers: { 'content-type': a.status && a.status >= 400 ? 'application/problem+json' : 'application/json', ...a.headers },
    });
  });
  return calls;
}

export function renderAt(path: string) {
  const queryClient = newQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false } });
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App queryClient={queryClient} env="test" />
    </MemoryRouter>,
  );
}

export const page = <T,>(items: T[]) => ({ items, total: items.length, limit: 20, offset: 0 });

/** The login conversation of a user with these roles. */
export function loginAnswers(roles: string[]): Answer {
  return (method, path) => {
    if (method === 'POST' && path === '/api/registry/v1/auth/token')
      return { body: { accessToken: 'header.payload.signature', tokenType: 'Bearer' } };
    if (path === '/api/registry/v1/auth/me')
      return {
        body: { personId: '00000000-0000-4000-8000-000000000001', roles, account: { personName: '山田 花子', email: 'hanako@example.jp' } },
      };
    return undefined;
  };
}

/** The first of these answers that answers. */
export const either =
  (...answers: Answer[]): Answer =>
  (m, p, r) => {
    for (const a of answers) {
      const got = a(m, p, r);
      if (got) return got;
    }
    return undefined;
  };

/** Every other API list answered with an empty page. */
export const empty: Answer = (_m, path) => (path.includes('/v1/') ? { body: page([]) } : undefined);

/** Logs in through the login screen as the user `loginAnswers` answers for. */
export async function logIn() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/メールアドレス/), 'hanako@example.jp');
  await user.type(screen.getByLabelText(/パスワード/), 'secret-password');
  await user.click(screen.getByRole('button', { name: 'ログイン' }));
  return user;
}
