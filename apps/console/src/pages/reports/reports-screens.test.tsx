import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAnswers, page, renderAt, stubNetwork, either, empty } from '../../test/render';
import { breakdownRows } from './breakdown';
import type { KpiCounts, KpiReport } from './kpi';

afterEach(() => vi.unstubAllGlobals());

const counts = (received: number, accepted = 0): KpiCounts => ({
  received,
  screened: received,
  accepted,
  declined: 0,
  salesPlanned: 0,
  onSale: 0,
  patentsFiled: 0,
  patentsGranted: 0,
  salesYen: 0,
  cumulativeReceived: received,
  cumulativeScreened: received,
  cumulativeAccepted: accepted,
});
const SG = '88888888-8888-4888-8888-888888888888';
const report = {
  fromFiscalYear: 2002,
  toFiscalYear: 2002,
  totals: counts(12, 3),
  byFiscalYear: [{ fiscalYear: 2002, ...counts(12, 3) }],
  byFocusField: [
    { focusField: 'food', label: { ja: '食', en: 'Food' }, ...counts(9, 2) },
    { focusField: 'tourism', label: { ja: '遊', en: 'Tourism' }, ...counts(3, 1) },
  ],
  byBureau: [{ bureauCode: 'hidaka', label: { ja: '日高', en: 'Hidaka' }, ...counts(12, 3) }],
  byStudyGroup: [
    { studyGroupId: null, ...counts(4) },
    { studyGroupId: SG, ...counts(8, 3) },
  ],
} as unknown as KpiReport;

describe('report screens', () => {
  it('names the rows of a breakdown, largest first', () => {
    const rows = breakdownRows(report, 'studyGroup', {
      label: (l) => l.ja,
      studyGroup: (id) => (id === SG ? '日高昆布クラスター研究会' : undefined),
      none: '未設定',
    });
    expect(rows.map((r) => [r.name, r.counts.received])).toEqual([
      ['日高昆布クラスター研究会', 8],
      ['未設定', 4],
    ]);
  });

  it('shows one fiscal year with its breakdown by study group, from the URL', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['viewer']), (method, path) => {
        if (path.startsWith('/api/proposals/v1/reports/kpi')) return { body: report };
        if (path.startsWith('/api/registry/v1/study-groups'))
          return { body: { ...page([{ id: SG, name: '日高昆布クラスター研究会' }]), limit: 100 } };
        return empty(method, path, undefined as never);
      }),
    );
    renderAt('/reports?mode=year&year=2002&by=studyGroup');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/メールアドレス/), 'v@example.jp');
    await user.type(screen.getByLabelText(/パスワード/), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    const table = await screen.findByTestId('kpi-breakdown');
    await waitFor(() => expect(within(table).getByRole('row', { name: /日高昆布クラスター研究会/ })).toHaveTextContent('8'));
    expect(calls.some((c) => c.path.startsWith('/api/proposals/v1/reports/kpi?fiscalYear=2002'))).toBe(true);
    expect(calls.filter((c) => /deliveries|dead-letters/.test(c.path))).toEqual([]);
  });
});
