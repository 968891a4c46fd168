import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrivacyRequestView } from '../../api/types';
import { loginAnswers, page, renderAt, stubNetwork, either, empty, logIn } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const PERSON_ID = '55555555-5555-4555-8555-555555555555';
const request = (over: Partial<PrivacyRequestView>): PrivacyRequestView => ({
  id: '66666666-6666-4666-8666-666666666666',
  kind: 'disclosure',
  personId: null,
  email: 'guest@example.jp',
  subject: { personId: null, personIds: [], emails: ['guest@example.jp'] },
  status: 'open',
  overdue: false,
  openedAt: '2026-11-02T01:00:00.000Z',
  openedBy: '00000000-0000-4000-8000-000000000001',
  dueAt: '2026-12-02T01:00:00.000Z',
  completedAt: null,
  personalDataRemovedAt: null,
  pending: ['events', 'notifications'],
  ...over,
});

describe('privacy screens', () => {
  it('keeps privacy requests to admins: a coordinator sees no link, is sent to Today and nothing is fetched', async () => {
    const calls = stubNetwork(either(loginAnswers(['coordinator']), empty));
    renderAt('/privacy?status=open');
    await logIn();
    await screen.findByRole('heading', { name: '今日' });
    const nav = screen.getByRole('navigation', { name: 'Collabo スタッフコンソール' });
    expect(within(nav).queryByRole('link', { name: '個人情報の請求' })).toBeNull();
    expect(calls.some((c) => c.path.includes('/v1/privacy-requests'))).toBe(false);
  });

  it('lists an admin’s requests with who, status, overdue and the services that answered; the filters are in the URL and the query', async () => {
    const overdue = request({ overdue: true });
    const done = request({
      id: '77777777-7777-4777-8777-777777777777',
      kind: 'erasure',
      personId: PERSON_ID,
      email: null,
      subject: { personId: PERSON_ID, personIds: [PERSON_ID], emails: ['taro@example.jp'] },
      status: 'completed',
      pending: [],
      completedAt: '2026-11-03T01:00:00.000Z',
    });
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (path.startsWith('/api/registry/v1/privacy-requests?'))
          return { body: path.includes('status=open') ? page([overdue]) : page([overdue, done]) };
        if (path === `/api/registry/v1/people/${PERSON_ID}`) return { body: { id: PERSON_ID, displayName: '山田 太郎' } };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt('/privacy');
    const user = await logIn();
    const nav = await screen.findByRole('navigation', { name: 'Collabo スタッフコンソール' });
    expect(within(nav).getByRole('link', { name: '個人情報の請求' })).toHaveAttribute('aria-current', 'page');
    const table = await screen.findByRole('table', { name: '請求の一覧' });
    const guestRow = within(table).getByRole('row', { name: /guest@example\.jp/ });
    expect(guestRow).toHaveTextContent('開示');
    expect(guestRow).toHaveTextContent('期限超過');
    expect(guestRow).toHaveTextContent('2 / 4: 名簿、提案');
    const personRow = await within(table).findByRole('row', { name: /山田 太郎/ });
    expect(personRow).toHaveTextContent('消去');
    expect(personRow).toHaveTextContent('完了');
    expect(personRow).toHaveTextContent('4 / 4');
    expect(within(personRow).queryByText('期限超過')).toBeNull();

    await user.click(screen.getByRole('combobox', { name: '状態' }));
    await user.click(await screen.findByRole('option', { name: '対応中', hidden: true }));
    await waitFor(() => expect(within(table).queryByRole('row', { name: /山田 太郎/ })).toBeNull());
    const last = calls.filter((c) => c.path.startsWith('/api/registry/v1/privacy-requests?')).at(-1)!;
    expect(new URL(last.request.url).searchParams.get('status')).toBe('open');
  });

  it('opens a request for a guest’s email, shows the registry’s field error at the field, then opens it', async () => {
    let valid = false;
    const opened = request({ kind: 'cessation' });
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (method === 'POST' && path === '/api/registry/v1/privacy-requests')
          return valid
            ? { status: 201, body: opened }
            : {
                status: 400,
                body: {
                  status: 400,
                  title: 'Bad Request',
                  detail: 'Validation failed',
                  errors: [{ field: 'email', message: 'email must be an email' }],
                },
              };
        if (path === `/api/registry/v1/privacy-requests/${opened.id}`)
          return {
            body: {
              ...opened,
              services: [
                {
                  service: 'registry',
                  status: 'answered',
                  answeredAt: opened.openedAt,
                  actions: [{ what: 'person', action: 'ceased', count: 0 }],
                },
                { service: 'proposals', status: 'answered', answeredAt: opened.openedAt, actions: [] },
                { service: 'events', status: 'pending', answeredAt: null },
                { service: 'notifications', status: 'pending', answeredAt: null },
              ],
            },
          };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt('/privacy/new');
    const user = await logIn();
    await screen.findByRole('heading', { name: '請求を受け付ける' });
    await user.click(screen.getByRole('radio', { name: /メールアドレス/ }));
    await user.type(screen.getByRole('textbox', { name: 'メールアドレス' }), 'not-an-email');
    await user.click(screen.getByRole('combobox', { name: '請求の種類' }));
    await user.click(await screen.findByRole('option', { name: '利用停止', hidden: true }));
    await user.click(screen.getByRole('button', { name: '請求を受け付ける' }));
    const email = screen.getByRole('textbox', { name: 'メールアドレス' });
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(/email must be an email/);
    const sent = calls.find((c) => c.method === 'POST' && c.path === '/api/registry/v1/privacy-requests')!;
    expect(await sent.request.clone().json()).toEqual({ kind: 'cessation', email: 'not-an-email' });

    valid = true;
    await user.clear(email);
    await user.type(email, 'guest@example.jp');
    await user.click(screen.getByRole('button', { name: '請求を受け付ける' }));
    await screen.findByRole('heading', { name: '利用停止の請求' });
    const parts = screen.getByRole('table', { name: '各サービスの回答' });
    expect(within(parts).getByRole('row', { name: /交流会/ })).toHaveTextContent('未回答');
    expect(within(parts).getByRole('row', { name: /名簿/ })).toHaveTextContent('person: 利用停止 0 件');
    expect(screen.getByRole('status')).toHaveTextContent('まだ回答していないサービスがあります');
    expect(screen.queryByRole('button', { name: /開示文書/ })).toBeNull();
  });

  it('an erasure is opened only after the staff member confirms it cannot be undone', async () => {
    const opened = request({
      kind: 'erasure',
      personId: PERSON_ID,
      email: null,
      subject: { personId: PERSON_ID, personIds: [PERSON_ID], emails: [] },
    });
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (method === 'POST' && path === '/api/registry/v1/privacy-requests') return { status: 201, body: opened };
        if (path === `/api/registry/v1/privacy-requests/${opened.id}`) return { body: opened };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/privacy/new?personId=${PERSON_ID}&kind=erasure`);
    const user = await logIn();
    const submit = await screen.findByRole('button', { name: '請求を受け付ける' });
    expect(submit).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /元に戻せない/ }));
    expect(submit).toBeEnabled();
    await user.click(submit);
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/registry/v1/privacy-requests')).toBe(true));
    const sent = calls.find((c) => c.method === 'POST' && c.path === '/api/registry/v1/privacy-requests')!;
    expect(await sent.request.clone().json()).toEqual({ kind: 'erasure', personId: PERSON_ID });
    // the staff member lands on the opened request
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'GET' && c.path === `/api/registry/v1/privacy-requests/${opened.id}`)).toBe(true),
    );
    expect(await screen.findByRole('table', { name: '各サービスの回答' })).toBeInTheDocument();
  });

  it('shows each service’s answer of a complete disclosure and downloads its HTML document', async () => {
    const done = request({
      status: 'completed',
      pending: [],
      completedAt: '2026-11-03T01:00:00.000Z',
      services: [
        {
          service: 'registry',
          status: 'answered',
          answeredAt: '2026-11-02T01:00:00.000Z',
          sections: [{ key: 'registry.person', title: { ja: '名簿の記録', en: 'Registry record' }, records: 1 }],
        },
        {
          service: 'proposals',
          status: 'answered',
          answeredAt: '2026-11-02T02:00:00.000Z',
          sections: [{ key: 'proposals.review', title: { ja: '審査', en: 'Reviews' }, records: 3 }],
        },
        { service: 'events', status: 'answered', answeredAt: '2026-11-02T03:00:00.000Z', sections: [] },
        {
          service: 'notifications',
          status: 'answered',
          answeredAt: '2026-11-02T04:00:00.000Z',
          sections: [],
          retained: [
            { what: 'delivery', count: 2, reason: { ja: '送信記録の保存期間', en: 'Delivery log retention' }, until: '2027-04-01' },
          ],
        },
      ],
    });
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (path.startsWith(`/api/registry/v1/privacy-requests/${done.id}/disclosure`))
          return { body: '<html>開示</html>', headers: { 'content-type': 'text/html; charset=utf-8' } };
        if (path === `/api/registry/v1/privacy-requests/${done.id}`) return { body: done };
        return empty(method, path, undefined as never);
      }),
    );
    const createObjectURL = vi.fn(() => 'blob:disclosure');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    renderAt(`/privacy/${done.id}`);
    const user = await logIn();
    const parts = await screen.findByRole('table', { name: '各サービスの回答' });
    expect(within(parts).getByRole('row', { name: /提案/ })).toHaveTextContent('審査: 3 件');
    expect(within(parts).getByRole('row', { name: /メール/ })).toHaveTextContent(
      'delivery: 2 件 — 理由: 送信記録の保存期間 (2027-04-01 まで)',
    );
    expect(within(parts).getByRole('row', { name: /交流会/ })).toHaveTextContent('該当する記録はありません。');
    await user.click(screen.getByRole('button', { name: '開示文書をダウンロード (HTML)' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const download = calls.find((c) => c.path.includes('/disclosure'))!;
    expect(new URL(download.request.url).searchParams.get('format')).toBe('html');
    expect(download.request.headers.get('authorization')).toBe('Bearer header.payload.signature');
  });

  it('says a disclosure whose personal data retention removed is gone, and offers no download', async () => {
    const removed = request({
      status: 'completed',
      pending: [],
      completedAt: '2026-08-01T01:00:00.000Z',
      personalDataRemovedAt: '2026-10-30T18:00:00.000Z',
      services: [],
    });
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (path === `/api/registry/v1/privacy-requests/${removed.id}`) return { body: removed };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/privacy/${removed.id}`);
    await logIn();
    expect(await screen.findByTestId('privacy-removed')).toHaveTextContent('個人データを削除しました');
    expect(screen.queryByRole('button', { name: /開示文書をダウンロード/ })).toBeNull();
    expect(calls.some((c) => c.path.includes('/disclosure'))).toBe(false);
  });
});
