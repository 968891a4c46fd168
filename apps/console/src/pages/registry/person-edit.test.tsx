import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsentView, PersonRecordView } from '../../api/types';
import { loginAnswers, page, renderAt, stubNetwork, either, empty, logIn } from '../../test/render';
import { personChanges, personFormOf } from './PersonForm';

afterEach(() => vi.unstubAllGlobals());

const ID = '88888888-8888-4888-8888-888888888888';
const GROUP = '99999999-9999-4999-8999-999999999999';
const MEMBERSHIP = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const person = (over: Partial<PersonRecordView> = {}): PersonRecordView => ({
  id: ID,
  familyName: '山田',
  givenName: '太郎',
  familyNameKana: 'ヤマダ',
  givenNameKana: 'タロウ',
  displayName: '山田 太郎',
  nameEn: null,
  email: 'taro@example.jp',
  phone: null,
  preferredLanguage: 'ja',
  consentToList: false,
  expertiseFields: ['food'],
  archived: false,
  archivedAt: null,
  mergedInto: null,
  processingStoppedAt: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: null,
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: null,
  memberships: [
    {
      id: MEMBERSHIP,
      studyGroupId: GROUP,
      studyGroupName: '日高昆布クラスター研究会',
      personId: ID,
      personName: '山田 太郎',
      role: 'member',
      joinedOn: '2003-04-01',
      leftOn: null,
      roles: [{ role: 'member', fromOn: '2003-04-01', toOn: null }],
      version: 4,
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: null,
      updatedAt: '2026-01-01T00:00:00Z',
      updatedBy: null,
    },
  ],
  ...over,
});

describe('person editing: pure rules', () => {
  it('sends only what changed, an emptied optional field as null', () => {
    const before = personFormOf(person({ phone: '011-000-0000' }));
    expect(personChanges({ ...before, familyNameKana: ' ヤマモト ', phone: '' }, before)).toEqual({
      familyNameKana: 'ヤマモト',
      phone: null,
    });
    expect(personChanges(before, before)).toEqual({});
  });
});

describe('person editing', () => {
  it('saves a changed reading with If-Match and shows the registry’s field error at the field', async () => {
    let refuse = true;
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person({ version: refuse ? 3 : 4 }) };
        if (method === 'PATCH' && path === `/api/registry/v1/people/${ID}`)
          return refuse
            ? {
                status: 400,
                body: {
                  status: 400,
                  title: 'Bad Request',
                  detail: 'Validation failed',
                  errors: [{ field: 'familyNameKana', message: 'familyNameKana must be written in kana' }],
                },
              }
            : { body: person({ familyNameKana: 'ヤマモト', version: 4 }) };
        if (path.startsWith(`/api/registry/v1/people/${ID}/consents`)) return { body: [] };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: '編集' }));
    const form = screen.getByRole('form', { name: '山田 太郎 を編集' });
    const kana = within(form).getByRole('textbox', { name: '姓 (カナ)' });
    await user.clear(kana);
    await user.type(kana, 'yamamoto');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(kana).toHaveAttribute('aria-invalid', 'true'));
    expect(kana).toHaveAccessibleDescription('familyNameKana must be written in kana');
    expect(within(form).getByRole('textbox', { name: '姓' })).not.toHaveAttribute('aria-invalid', 'true');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.request.headers.get('if-match')).toBe('"3"');
    expect(await patch.request.clone().json()).toEqual({ familyNameKana: 'yamamoto' });

    refuse = false;
    await user.clear(kana);
    await user.type(kana, 'ヤマモト');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: '山田 太郎 を編集' })).toBeNull());
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2);
  });

  it('answers a stale version (412) with “someone changed this; reload”, and the reload reads the person again', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person() };
        if (method === 'PATCH')
          return { status: 412, body: { status: 412, title: 'Precondition Failed', detail: 'The person was changed by someone else' } };
        if (path.startsWith(`/api/registry/v1/people/${ID}/consents`)) return { body: [] };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: '編集' }));
    const form = screen.getByRole('form', { name: '山田 太郎 を編集' });
    await user.type(within(form).getByRole('textbox', { name: '電話' }), '011-123-4567');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('他の人がこれを変更しました。再読み込みしてから、もう一度変更してください。');
    const reads = () => calls.filter((c) => c.method === 'GET' && c.path === `/api/registry/v1/people/${ID}`).length;
    const before = reads();
    await user.click(within(alert).getByRole('button', { name: '再読み込み' }));
    await waitFor(() => expect(reads()).toBeGreaterThan(before));
    await waitFor(() => expect(within(form).queryByRole('alert')).toBeNull());
  });

  it('changes a membership’s role from a day with its If-Match, and says a second membership of the same days (409) in words', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person() };
        if (method === 'POST' && path === `/api/registry/v1/memberships/${MEMBERSHIP}/role-changes`)
          return { body: { ...person().memberships![0], role: 'representative', version: 5 } };
        if (method === 'GET' && path.startsWith('/api/registry/v1/organizations?'))
          return { body: page([{ id: GROUP, name: '日高昆布クラスター研究会', kind: 'study_group' }]) };
        if (method === 'POST' && path === `/api/registry/v1/study-groups/${GROUP}/members`)
          return {
            status: 409,
            body: {
              status: 409,
              title: 'Conflict',
              code: 'REGISTRY.MEMBERSHIP_OVERLAP',
              detail: 'The person is already a member of this study group on some of those days.',
              existingId: MEMBERSHIP,
            },
          };
        if (path.startsWith(`/api/registry/v1/people/${ID}/consents`)) return { body: [] };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: '日高昆布クラスター研究会 の役割を変更' }));
    const form = screen.getByRole('form', { name: '日高昆布クラスター研究会 の役割を変更' });
    await user.click(within(form).getByRole('combobox', { name: '新しい役割' }));
    await user.click(await screen.findByRole('option', { name: '代表', hidden: true }));
    const from = within(form).getByLabelText('新しい役割の開始日');
    await user.clear(from);
    await user.type(from, '2005-04-01');
    await user.click(within(form).getByRole('button', { name: '役割を変更する' }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/role-changes'))).toBe(true));
    const change = calls.find((c) => c.path.endsWith('/role-changes'))!;
    expect(change.request.headers.get('if-match')).toBe('"4"');
    expect(await change.request.clone().json()).toEqual({ role: 'representative', from: '2005-04-01' });

    await user.click(screen.getByRole('button', { name: '研究会に加える' }));
    const add = screen.getByRole('form', { name: '研究会に加える' });
    await user.type(within(add).getByRole('combobox', { name: '研究会' }), '日高');
    await user.click(await screen.findByRole('option', { name: '日高昆布クラスター研究会', hidden: true }));
    await user.type(within(add).getByLabelText('入会日'), '2004-04-01');
    await user.click(within(add).getByRole('button', { name: '研究会に加える' }));
    const refusal = await within(add).findByRole('alert');
    expect(refusal).toHaveTextContent('この人はその期間すでにこの研究会の会員です。');
  });

  it('ends an affiliation on a day with its If-Match; the registry’s error on the day is shown at the field', async () => {
    const AFF = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
    const affiliation = {
      id: AFF,
      personId: ID,
      organizationId: GROUP,
      organizationName: '株式会社日高昆布',
      department: '開発部',
      title: '部長',
      from: '2001-04-01',
      to: null,
      version: 2,
    };
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person() };
        if (method === 'GET' && path.startsWith(`/api/registry/v1/people/${ID}/affiliations`)) return { body: page([affiliation]) };
        if (method === 'PATCH' && path === `/api/registry/v1/affiliations/${AFF}`)
          return {
            status: 400,
            body: { status: 400, detail: 'Validation failed', errors: [{ field: 'to', message: 'to cannot be before from' }] },
          };
        if (path.startsWith(`/api/registry/v1/people/${ID}/consents`)) return { body: [] };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: '株式会社日高昆布 の所属を終了する' }));
    const form = screen.getByRole('form', { name: '株式会社日高昆布 の所属を終了する' });
    const day = within(form).getByLabelText('終了日');
    await user.clear(day);
    await user.type(day, '2000-03-31');
    await user.click(within(form).getByRole('button', { name: 'この日で終了' }));
    await waitFor(() => expect(day).toHaveAttribute('aria-invalid', 'true'));
    expect(day).toHaveAccessibleDescription('to cannot be before from');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.request.headers.get('if-match')).toBe('"2"');
    expect(await patch.request.clone().json()).toEqual({ to: '2000-03-31' });
  });

  it('records a withdrawal of a consent; a consent already in force (409) is said in words and at its field', async () => {
    let consents: ConsentView[] = [
      {
        id: 'c1',
        personId: ID,
        purpose: 'news',
        purposeLabel: { ja: 'お知らせメールの受信', en: 'Receiving news by email' },
        source: 'form',
        givenAt: '2026-04-01T00:00:00Z',
        recordedBy: null,
        inForce: true,
        withdrawnAt: null,
        withdrawnVia: null,
        withdrawnBy: null,
        withdrawalUrl: 'https://example/consents/withdraw?token=x',
      },
    ];
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person() };
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}/consents`) return { body: consents };
        if (method === 'POST' && path === `/api/registry/v1/people/${ID}/consents`)
          return {
            status: 409,
            body: {
              status: 409,
              code: 'REGISTRY.CONSENT_ALREADY_GIVEN',
              detail: 'This person’s consent for that purpose is already in force.',
              errors: [{ field: 'purpose', message: 'consent already in force' }],
            },
          };
        if (method === 'POST' && path === '/api/registry/v1/consents/c1/withdrawal') {
          consents = [{ ...consents[0]!, inForce: false, withdrawnAt: '2026-12-01T01:00:00Z', withdrawnVia: 'staff' }];
          return { body: consents[0] };
        }
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    const user = await logIn();
    const table = await screen.findByRole('table', { name: '同意' });
    expect(await within(table).findByRole('row', { name: /お知らせメールの受信/ })).toHaveTextContent('本人がフォームで');
    const record = screen.getByRole('form', { name: '同意を記録する' });
    await user.click(within(record).getByRole('combobox', { name: '目的' }));
    await user.click(await screen.findByRole('option', { name: 'お知らせメールの受信', hidden: true }));
    await user.click(within(record).getByRole('button', { name: '同意を記録' }));
    expect(await within(record).findByRole('alert')).toHaveTextContent('この目的の同意はすでに有効です。');
    expect(within(record).getByRole('combobox', { name: '目的' })).toHaveAccessibleDescription('consent already in force');
    await user.click(within(table).getByRole('button', { name: '撤回を記録: お知らせメールの受信' }));
    await waitFor(() => expect(within(table).getByRole('row', { name: /お知らせメールの受信/ })).toHaveTextContent('スタッフが記録'));
    expect(calls.filter((c) => c.path === '/api/registry/v1/consents/c1/withdrawal')).toHaveLength(1);
  });

  it('shows a viewer the person without editing, and fetches no consents', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['viewer']), (method, path) => {
        if (method === 'GET' && path === `/api/registry/v1/people/${ID}`) return { body: person() };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/people/${ID}`);
    await logIn();
    await screen.findByRole('heading', { name: '山田 太郎' });
    expect(screen.queryByRole('button', { name: '編集' })).toBeNull();
    expect(screen.queryByRole('button', { name: /役割を変更/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '所属を追加' })).toBeNull();
    expect(screen.queryByRole('link', { name: '個人情報の請求を受け付ける' })).toBeNull();
    expect(calls.some((c) => c.path.includes('/consents'))).toBe(false);
  });
});
