import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAnswers, page, renderAt, stubNetwork, type Answer, either, logIn } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens on it.
if (!('fonts' in document))
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });

const P = '22222222-2222-4222-8222-222222222222';
const ADVISOR = '33333333-3333-4333-8333-333333333333';
const CONFLICTED = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const stage = (code: string, ja: string, en: string) => ({ code, label: { ja, en }, kind: code, position: 1 });
const proposal = {
  id: P,
  referenceNumber: 'P2026-0042',
  title: { ja: '昆布仮根の食品素材化', en: 'Kombu holdfast as food' },
  summary: { ja: '仮根を粉末にする', en: 'Powder' },
  stage: stage('screening', '審査', 'Screening'),
  allowedNextStages: [
    stage('accepted', '採択', 'Accepted'),
    stage('declined', '不採択', 'Declined'),
    stage('returned', '差戻し', 'Returned'),
  ],
  programme: { code: 'support', name: { ja: '支援制度', en: 'Support' } },
  proposingOrganization: { id: ORG, name: '日高昆布クラスター研究会' },
  fiscalYear: 2026,
  broughtInOn: '2026-10-01',
  focusFields: ['food'],
  participatingOrganizationIds: [],
  supportRequested: '',
  version: 7,
  rubric: null,
};
const people: Answer = (m, path) => {
  const id = /^\/api\/registry\/v1\/people\/([0-9a-f-]+)$/.exec(path)?.[1];
  if (!id) return undefined;
  const names: Record<string, string> = { [ADVISOR]: '佐藤 健', [CONFLICTED]: '鈴木 誠' };
  return { body: { id, displayName: names[id] ?? '山田 花子' } };
};
const base: Answer = (m, path) => {
  if (path === `/api/proposals/v1/proposals/${P}`) return { body: proposal, headers: { etag: '"7"' } };
  if (path.startsWith(`/api/proposals/v1/proposals/${P}/transitions?`)) return { body: page([]) };
  if (path.startsWith(`/api/proposals/v1/proposals/${P}/reviews?`)) return { body: page([]) };
  return undefined;
};
const conflict = {
  kind: 'affiliated_with_proposer',
  organizationId: ORG,
  organizationName: '日高昆布クラスター研究会',
  from: '2020-04-01',
  to: null,
};
const suggestions = {
  proposalId: P,
  focusFields: ['food'],
  teamSectors: [],
  candidatesComplete: true,
  lookBackYears: 3,
  suggestions: [
    {
      rank: 1,
      personId: ADVISOR,
      score: 18,
      sectors: ['academia'],
      matchingFields: ['food'],
      openAssignments: 1,
      explanation: [
        { factor: 'focus_match', points: 10, detail: 'shares food with the proposal' },
        { factor: 'new_sector', points: 8, detail: 'brings academia, not yet on the team' },
        { factor: 'open_assignments', points: -2, detail: '1 open assignment(s)' },
      ],
    },
  ],
  excluded: [{ personId: CONFLICTED, reason: 'conflict_of_interest', conflicts: [conflict] }],
};

// Typing through whole forms takes a while on a busy machine (the platform may be starting beside these tests).
describe('the proposal page', { timeout: 60_000 }, () => {
  it('shows a refused move (409) in words with the allowed stages by name', async () => {
    stubNetwork(
      either(loginAnswers(['coordinator']), base, (m, path) =>
        m === 'POST' && path === `/api/proposals/v1/proposals/${P}/transitions`
          ? {
              status: 409,
              body: {
                status: 409,
                code: 'PROPOSALS.NOT_ENOUGH_REVIEWS',
                detail: 'A decision needs 2 completed review(s); 0 so far.',
                required: 2,
                completed: 0,
              },
            }
          : undefined,
      ),
    );
    renderAt(`/proposals/${P}`);
    const user = await logIn();
    await user.type(await screen.findByLabelText(/理由/), '審査会の結論');
    await user.click(screen.getByRole('button', { name: '→ 採択' }));
    const alert = await screen.findByText(/この操作はできません/);
    expect(alert.textContent).toBe(
      'この操作はできません: 決定には審査が 2 件必要ですが、完了した審査は 0 件です。 可能な移行先: 採択、不採択、差戻し',
    );
  });

  it('assigns an advisor with a conflict of interest only with a waiver reason, showing the conflicts', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), base, people, (m, path, request) => {
        if (path.startsWith(`/api/proposals/v1/proposals/${P}/assignments?`)) return { body: page([]) };
        if (path.startsWith(`/api/proposals/v1/proposals/${P}/team-suggestions?`)) return { body: suggestions };
        if (path === `/api/proposals/v1/proposals/${P}/review-summary`)
          return {
            body: { reviews: 0, criteria: [], total: null, maxTotal: 100, failed: null, failures: [], rubric: null, recommendations: {} },
          };
        if (m === 'POST' && path === `/api/proposals/v1/proposals/${P}/assignments`) {
          void request;
          return { status: 201, body: { id: 'a1', advisorId: CONFLICTED, status: 'assigned', conflicts: [conflict] } };
        }
        return undefined;
      }),
    );
    renderAt(`/proposals/${P}?tab=reviews`);
    const user = await logIn();
    await screen.findByRole('heading', { name: 'アドバイザーの割り当て' });
    await user.click(screen.getByRole('combobox', { name: /アドバイザー/ }));
    await user.click(await screen.findByRole('option', { name: '鈴木 誠 (利益相反あり)', hidden: true }));
    // The conflict is shown before anything is sent, and the waiver reason is asked for.
    const shown = await screen.findByRole('alert', { name: '利益相反' });
    expect(within(shown).getByText('提案組織に所属')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '割り当てる' }));
    await screen.findAllByText('利益相反があります。割り当てるには理由を記録してください。');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1); // the login only
    await user.type(screen.getByLabelText(/利益相反を承知で割り当てる理由/), '他に専門家がいないため');
    await user.click(screen.getByRole('button', { name: '割り当てる' }));
    await screen.findByText('割り当てました。');
    const sent = calls.find((c) => c.method === 'POST' && c.path.endsWith('/assignments'))!;
    expect(await sent.request.clone().json()).toEqual({ advisorId: CONFLICTED, waiverReason: '他に専門家がいないため' });
  });

  it('explains each team suggestion in Japanese and shows who was left out for a conflict', async () => {
    stubNetwork(
      either(loginAnswers(['coordinator']), base, people, (m, path) => {
        if (path === `/api/proposals/v1/proposals/${P}/team`)
          return { status: 404, body: { status: 404, code: 'PROPOSALS.TEAM_NOT_FOUND' } };
        if (path.startsWith(`/api/proposals/v1/proposals/${P}/team-suggestions?`)) return { body: suggestions };
        return undefined;
      }),
    );
    renderAt(`/proposals/${P}?tab=team`);
    await logIn();
    const table = await screen.findByRole('table', { name: 'メンバー候補と理由' });
    await within(table).findByText('佐藤 健');
    expect(within(table).getByText('重点分野 +10: 重点分野が一致: food')).toBeInTheDocument();
    expect(within(table).getByText('セクターの多様性 +8: チームにないセクターを加える: academia')).toBeInTheDocument();
    expect(within(table).getByText('担当の多さ −2: 未完了の担当 1 件')).toBeInTheDocument();
    const excluded = screen.getByRole('table', { name: '候補から外した人' });
    await within(excluded).findByText('鈴木 誠');
    expect(within(excluded).getByText('提案組織に所属')).toBeInTheDocument();
  });

  it('saves a team draft with the team’s If-Match: a suggested advisor added, the conflicted one’s waiver kept', async () => {
    const ME = '00000000-0000-4000-8000-000000000001';
    const team = {
      id: '66666666-6666-4666-8666-666666666666',
      proposalId: P,
      formedAt: '2026-11-01T10:00:00.000+09:00',
      updatedAt: '2026-11-01T10:00:00.000+09:00',
      version: 3,
      members: [
        { personId: ME, role: 'coordinator', waiverReason: null, conflicts: [] },
        { personId: CONFLICTED, role: 'lead_advisor', waiverReason: '他に専門家がいないため', conflicts: [conflict] },
      ],
    };
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), base, people, (m, path) => {
        if (m === 'PUT' && path === `/api/proposals/v1/proposals/${P}/team`) return { body: { ...team, version: 4 } };
        if (path === `/api/proposals/v1/proposals/${P}/team`) return { body: team, headers: { etag: '"3"' } };
        if (path.startsWith(`/api/proposals/v1/proposals/${P}/team-suggestions?`)) return { body: suggestions };
        return undefined;
      }),
    );
    renderAt(`/proposals/${P}?tab=team`);
    const user = await logIn();
    const table = await screen.findByRole('table', { name: 'メンバー候補と理由' });
    await user.click(await within(table).findByRole('button', { name: 'チーム案に追加: 佐藤 健' }));
    await user.click(screen.getByRole('button', { name: 'チームを保存' }));
    await screen.findByText('チームを保存しました。');
    const sent = calls.find((c) => c.method === 'PUT' && c.path === `/api/proposals/v1/proposals/${P}/team`)!;
    expect(sent.request.headers.get('if-match')).toBe('"3"');
    expect(await sent.request.clone().json()).toEqual({
      members: [
        { personId: ME, role: 'coordinator' },
        { personId: CONFLICTED, role: 'lead_advisor', waiverReason: '他に専門家がいないため' },
        { personId: ADVISOR, role: 'advisor' },
      ],
    });
  });

  it('refuses to save a team draft without an advisor, sending nothing', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), base, people, (m, path) => {
        if (path === `/api/proposals/v1/proposals/${P}/team`)
          return { status: 404, body: { status: 404, code: 'PROPOSALS.TEAM_NOT_FOUND' } };
        if (path.startsWith(`/api/proposals/v1/proposals/${P}/team-suggestions?`)) return { body: suggestions };
        return undefined;
      }),
    );
    renderAt(`/proposals/${P}?tab=team`);
    const user = await logIn();
    await screen.findByRole('table', { name: 'メンバー候補と理由' });
    await user.click(screen.getByRole('button', { name: 'チームを保存' }));
    await screen.findByText('コーディネーターとアドバイザーが 1 人以上必要です。');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('records a sale with only the fields of its kind', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), base, (m, path) => {
        if (m === 'GET' && path.startsWith(`/api/proposals/v1/proposals/${P}/outcomes?`)) return { body: page([]) };
        if (m === 'POST' && path === `/api/proposals/v1/proposals/${P}/outcomes`) return { status: 201, body: { id: 'o1' } };
        return undefined;
      }),
    );
    renderAt(`/proposals/${P}?tab=outcomes`);
    const user = await logIn();
    await screen.findByRole('heading', { name: '成果を記録' });
    await user.click(screen.getByRole('combobox', { name: /種類/ }));
    await user.click(await screen.findByRole('option', { name: '販売', hidden: true }));
    await user.type(screen.getByLabelText(/内容/), 'だし昆布パウダー');
    await user.type(screen.getByLabelText(/^日付/), '2026-11-15');
    await user.type(screen.getByLabelText(/金額（円）/), '1200000');
    await user.click(screen.getByRole('button', { name: '成果を記録' }));
    await screen.findByText('成果を記録しました。');
    const sent = calls.find((c) => c.method === 'POST' && c.path.endsWith('/outcomes'))!;
    expect(await sent.request.clone().json()).toEqual({
      kind: 'sale',
      summary: 'だし昆布パウダー',
      occurredOn: '2026-11-15',
      amountYen: 1200000,
    });
  });

  it('fetches no team suggestions or review summary for an advisor', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['advisor']), base, people, (_m, path) =>
        path.startsWith(`/api/proposals/v1/proposals/${P}/assignments?`) ? { body: page([]) } : undefined,
      ),
    );
    renderAt(`/proposals/${P}?tab=reviews`);
    await logIn();
    await screen.findByRole('heading', { name: '審査の担当' });
    await waitFor(() => expect(calls.some((c) => c.path.includes('/assignments?'))).toBe(true));
    expect(calls.filter((c) => /team-suggestions|review-summary/.test(c.path))).toEqual([]);
    expect(screen.queryByRole('heading', { name: 'アドバイザーの割り当て' })).toBeNull();
  });
});
