import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport, OrganizationRecordView } from '../../api/types';
import { loginAnswers, page, renderAt, stubNetwork, either, empty, logIn } from '../../test/render';
import { canCommit, reportLines } from './import-report';
import { mergeBlocker, mergePreview } from './merge-preview';
import { changesOf, corporateNumberFeedback } from './OrganizationEditPage';

afterEach(() => vi.unstubAllGlobals());

const organization = (over: Partial<OrganizationRecordView>): OrganizationRecordView => ({
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'company',
  sector: 'industry',
  name: '株式会社日高昆布',
  nameKana: 'ヒダカコンブ',
  nameEn: null,
  corporateNumber: null,
  jsicCode: null,
  jsicRevision: null,
  focusFields: ['food'],
  municipalityCode: '016071',
  municipalityName: '日高町',
  bureauCode: 'hidaka',
  address: '日高町本町1-1',
  representative: '山田 太郎',
  website: null,
  capitalYen: null,
  employees: null,
  foundedOn: null,
  dissolvedOn: null,
  areaMunicipalityCodes: [],
  areaBureauCodes: [],
  archived: false,
  version: 3,
  updatedAt: '2026-12-01T00:00:00Z',
  mergedInto: null,
  archivedAt: null,
  postalCode: null,
  contactEmail: null,
  contactPhone: null,
  createdAt: '2026-12-01T00:00:00Z',
  createdBy: null,
  updatedBy: null,
  ...over,
});
const A = organization({});
const B = organization({
  id: '22222222-2222-4222-8222-222222222222',
  name: '(株)日高昆布',
  corporateNumber: '7010705000725',
  address: '日高町本町1-2',
  version: 5,
});

describe('registry screens: pure rules', () => {
  it('previews a merge: the survivor keeps its fields and takes over a corporate number it lacks', () => {
    const rows = mergePreview(A, B);
    const cn = rows.find((r) => r.field === 'corporateNumber')!;
    expect(cn).toMatchObject({ survivor: '', merged: '7010705000725', result: '7010705000725', takenOver: true });
    const address = rows.find((r) => r.field === 'address')!;
    expect(address).toMatchObject({ result: '日高町本町1-1', differs: true, takenOver: false });
    expect(mergePreview(B, A).find((r) => r.field === 'corporateNumber')).toMatchObject({ result: '7010705000725', takenOver: false });
    expect(mergeBlocker(A, A)).toBe('same');
    expect(mergeBlocker({ ...A, archived: true }, B)).toBe('archivedSurvivor');
    expect(mergeBlocker(A, { ...B, mergedInto: A.id })).toBe('alreadyMerged');
    expect(mergeBlocker(A, B)).toBeUndefined();
  });

  it('lays an import report out line by line, errors before notes, and offers a commit only after a clean dry run of the same file', () => {
    const report: ImportReport = {
      dryRun: true,
      encoding: 'utf-8',
      rows: 3,
      valid: 1,
      invalid: 2,
      errors: [
        { line: 4, field: 'kind', message: 'unknown kind' },
        { line: 2, field: 'name', message: 'required' },
      ],
      warnings: [{ line: 2, field: 'name', message: 'similar to 日高昆布' }],
    };
    expect(reportLines(report).map((l) => [l.line, l.problems.map((p) => p.severity)])).toEqual([
      [2, ['error', 'warning']],
      [4, ['error']],
    ]);
    const file = new File(['a'], 'a.csv');
    expect(canCommit(report, file, file)).toBe(false);
    const clean = { ...report, errors: [], invalid: 0, valid: 3 };
    expect(canCommit(clean, file, file)).toBe(true);
    expect(canCommit(clean, file, new File(['b'], 'b.csv'))).toBe(false);
    expect(canCommit({ ...clean, dryRun: false }, file, file)).toBe(false);
  });

  it('gives feedback on a corporate number as typed and sends only what changed', () => {
    expect(corporateNumberFeedback('')).toBe('empty');
    expect(corporateNumberFeedback('70107-05')).toBe('digits');
    expect(corporateNumberFeedback('701070500072')).toBe('length');
    expect(corporateNumberFeedback('7010705000725')).toBe('ok');
    expect(corporateNumberFeedback('8010705000725')).toBe('checkDigit');
    const before = {
      kind: 'company' as const,
      sector: 'industry' as const,
      name: 'A',
      nameKana: 'エー',
      nameEn: '',
      corporateNumber: '',
      municipalityCode: null,
      postalCode: '',
      address: '札幌市',
      representative: '',
      website: '',
      focusFields: [],
    };
    expect(changesOf({ ...before, address: '', corporateNumber: '7010705000725' }, before)).toEqual({
      address: null,
      corporateNumber: '7010705000725',
    });
  });
});

describe('registry screens', () => {
  it('shows a dry run line by line, and imports the same file only when it is clean', async () => {
    let clean = false;
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (method === 'POST' && path.startsWith('/api/registry/v1/organizations/import')) {
          const dryRun = path.includes('dryRun=true');
          return {
            body: {
              dryRun,
              encoding: 'utf-8',
              rows: 2,
              valid: clean ? 2 : 1,
              invalid: clean ? 0 : 1,
              errors: clean ? [] : [{ line: 3, field: 'corporate_number', message: 'the check digit does not match' }],
              warnings: [],
              ...(dryRun ? {} : { created: ['x', 'y'] }),
            },
          };
        }
        return empty(method, path, undefined as never);
      }),
    );
    renderAt('/registry/import');
    const user = await logIn();
    await screen.findByRole('heading', { name: 'CSV 取込' });
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, new File(['name,name_kana\n日高昆布,ヒダカコンブ\n'], 'orgs.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: '検査する (ドライラン)' }));
    const problems = await screen.findByRole('table', { name: '問題' });
    const line = within(problems).getByRole('row', { name: /3/ });
    expect(line).toHaveTextContent('corporate_number: the check digit does not match');
    expect(screen.getByRole('button', { name: /行を取り込む/ })).toBeDisabled();
    const sent = calls.find((c) => c.method === 'POST' && c.path.includes('/import'))!;
    expect(sent.request.headers.get('content-type')).toBe('text/csv');
    expect(await sent.request.clone().text()).toContain('日高昆布');

    clean = true;
    await user.click(screen.getByRole('button', { name: '検査する (ドライラン)' }));
    await screen.findByText('問題はありません。取り込めます。');
    await user.click(screen.getByRole('button', { name: '2 行を取り込む' }));
    expect(await screen.findByText('2 件を作成')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST' && c.path.includes('dryRun=false'))).toHaveLength(1);
  });

  it('previews a merge side by side and sends it with the survivor’s If-Match; the other one may be kept instead', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (method, path) => {
        if (path === `/api/registry/v1/organizations/${A.id}`) return { body: A };
        if (path === `/api/registry/v1/organizations/${B.id}`) return { body: B };
        if (path === `/api/registry/v1/organizations/${A.id}/duplicates`)
          return { body: { items: [{ id: B.id, name: B.name, municipalityCode: '016071', similarity: 0.92 }] } };
        if (method === 'POST' && path.endsWith('/merge'))
          return {
            body: {
              survivor: B,
              mergedId: A.id,
              movedAffiliations: 2,
              movedMemberships: 0,
              movedTenancies: 0,
              movedConsortiumMemberships: 0,
            },
          };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt(`/registry/organizations/${A.id}/merge`);
    const user = await logIn();
    await user.click(await screen.findByRole('button', { name: '比べる' }));
    const preview = await screen.findByRole('table', { name: '統合のプレビュー' });
    expect(within(preview).getByRole('row', { name: /法人番号/ })).toHaveTextContent('7010705000725');
    expect(within(preview).getByRole('row', { name: /法人番号/ })).toHaveTextContent('引き継ぎ');
    await user.click(screen.getByRole('radio', { name: B.name }));
    await user.click(screen.getByRole('checkbox', { name: /元に戻せません/ }));
    await user.click(screen.getByRole('button', { name: '統合する' }));
    expect(await screen.findByText(/所属 2 件/)).toBeInTheDocument();
    const merge = calls.find((c) => c.method === 'POST' && c.path.endsWith('/merge'))!;
    expect(merge.path).toBe(`/api/registry/v1/organizations/${B.id}/merge`);
    expect(merge.request.headers.get('if-match')).toBe('"5"');
    expect(await merge.request.clone().json()).toEqual({ mergedId: A.id });
  });

  it('keeps staff accounts to admins: a coordinator is sent to Today without fetching them and sees no link', async () => {
    const calls = stubNetwork(either(loginAnswers(['coordinator']), empty));
    renderAt('/registry/accounts');
    await logIn();
    await screen.findByRole('heading', { name: '今日' });
    expect(calls.some((c) => c.path.startsWith('/api/registry/v1/accounts'))).toBe(false);
  });

  it('shows an admin the accounts and changes roles with If-Match', async () => {
    const account = {
      id: '33333333-3333-4333-8333-333333333333',
      personId: '44444444-4444-4444-8444-444444444444',
      personName: '佐藤 一郎',
      email: 'ichiro@example.jp',
      roles: ['viewer'],
      status: 'active',
      activatedAt: null,
      invitationExpiresAt: null,
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: null,
      version: 7,
    };
    const calls = stubNetwork(
      either(loginAnswers(['admin']), (method, path) => {
        if (method === 'GET' && path.startsWith('/api/registry/v1/accounts')) return { body: page([account]) };
        if (method === 'PATCH') return { body: { ...account, roles: ['viewer', 'coordinator'], version: 8 } };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt('/registry/accounts');
    const user = await logIn();
    const nav = await screen.findByRole('navigation', { name: '名簿の画面' });
    expect(within(nav).getByRole('link', { name: 'スタッフアカウント' })).toHaveAttribute('aria-current', 'page');
    const roles = await screen.findByRole('group', { name: '佐藤 一郎 の役割' });
    await user.click(within(roles).getByRole('checkbox', { name: 'コーディネーター' }));
    await user.click(screen.getByRole('button', { name: '役割を保存' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe(`/api/registry/v1/accounts/${account.id}`);
    expect(patch.request.headers.get('if-match')).toBe('"7"');
    expect((await patch.request.clone().json()).roles.sort()).toEqual(['coordinator', 'viewer']);
  });
});
