import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAnswers, page, renderAt, stubNetwork, either, empty } from './render';

afterEach(() => vi.unstubAllGlobals());

async function logIn(email = 'hanako@example.jp') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/メールアドレス/), email);
  await user.type(screen.getByLabelText(/パスワード/), 'secret-password');
  await user.click(screen.getByRole('button', { name: 'ログイン' }));
  return user;
}

describe('login and navigation', () => {
  it('sends the token in memory on every call and shows a coordinator every area, Mail included', async () => {
    const calls = stubNetwork(either(loginAnswers(['coordinator']), empty));
    renderAt('/');
    await logIn();
    const nav = await screen.findByRole('navigation', { name: 'Collabo スタッフコンソール' });
    const areas = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(areas).toEqual(['今日', '名簿', '提案', '実績報告', '交流会', 'メール', '配送不能']);
    const me = calls.find((c) => c.path === '/api/registry/v1/auth/me')!;
    expect(me.request.headers.get('authorization')).toBe('Bearer header.payload.signature');
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  it('shows an advisor no Reports, Mail or Dead letters, and fetches none of them', async () => {
    const calls = stubNetwork(either(loginAnswers(['advisor']), empty));
    renderAt('/');
    await logIn();
    const nav = await screen.findByRole('navigation', { name: 'Collabo スタッフコンソール' });
    await waitFor(() =>
      expect(
        within(nav)
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['今日', '名簿', '提案', '交流会']),
    );
    await waitFor(() => expect(calls.some((c) => c.path.startsWith('/api/proposals/v1/proposals'))).toBe(true));
    expect(calls.filter((c) => /dead-letters|deliveries|reports/.test(c.path))).toEqual([]);
  });

  it('refuses a wrong password in words', async () => {
    stubNetwork((m, p) =>
      m === 'POST' && p === '/api/registry/v1/auth/token'
        ? { status: 401, body: { status: 401, title: 'Unauthorized', detail: 'bad' } }
        : undefined,
    );
    renderAt('/');
    await logIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('メールアドレスまたはパスワードが違います。');
  });

  it('sends a user whose session ended back to the login page with the place kept, and back there after logging in', async () => {
    let expired = false;
    stubNetwork(
      either(loginAnswers(['coordinator']), (_m, path) => {
        if (path.startsWith('/api/registry/v1/organizations')) return expired ? { status: 401, body: { status: 401 } } : { body: page([]) };
        return path.includes('/v1/') ? { body: page([]) } : undefined;
      }),
    );
    renderAt('/registry?q=%E6%98%86%E5%B8%83');
    const user = await logIn();
    expect(await screen.findByRole('heading', { name: '名簿' })).toBeInTheDocument();
    expired = true;
    await user.type(screen.getByLabelText('名前・かなで検索'), 'だし');
    expect(await screen.findByText('セッションの有効期限が切れました。もう一度ログインしてください。')).toBeInTheDocument();
    expired = false;
    await logIn();
    expect(await screen.findByRole('heading', { name: '名簿' })).toBeInTheDocument();
    expect(screen.getByLabelText('名前・かなで検索')).toHaveValue('昆布だし');
  });
});
