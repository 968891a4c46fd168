import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAnswers, page, renderAt, stubNetwork, either, empty, logIn } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const EVENT_ID = '11111111-1111-4111-8111-111111111111';
const seats = { held: 6, waitlisted: 1, free: 0, offered: 0, confirmed: 6, attended: 0, cancelled: 0, noShow: 0, received: 0 };
const event = (over: Record<string, unknown> = {}) => ({
  id: EVENT_ID,
  title: { ja: '昆布だし交流会', en: 'Kombu exchange' },
  kind: 'exchange_meeting',
  status: 'published',
  admission: 'first_come',
  startsAt: '2026-12-05T18:00:00.000+09:00',
  endsAt: '2026-12-05T20:00:00.000+09:00',
  capacity: 6,
  venue: { name: { ja: '交流スペース' } },
  seats,
  version: 3,
  ...over,
});

describe('the events calendar', { timeout: 60_000 }, () => {
  it('asks for the month in Tokyo and puts each event on its day, linked', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['viewer']), (m, path) =>
        m === 'GET' && path.startsWith('/api/events/v1/events?') ? { body: { ...page([event()]), limit: 100 } } : undefined,
      ),
    );
    renderAt('/events?view=calendar&month=2026-12');
    await logIn();
    const calendar = await screen.findByTestId('event-calendar');
    const day = calendar.querySelector('td[data-date="2026-12-05"]') as HTMLElement;
    await waitFor(() => expect(within(day).getByRole('link', { name: /昆布だし交流会/ })).toHaveAttribute('href', `/events/${EVENT_ID}`));
    expect(within(day).getByRole('link').textContent).toMatch(/^18:00 /);
    const asked = new URL(calls.find((c) => c.path.startsWith('/api/events/v1/events?'))!.request.url);
    expect(asked.searchParams.get('from')).toBe('2026-11-30T15:00:00.000Z');
    expect(asked.searchParams.get('to')).toBe('2026-12-31T15:00:00.000Z');
    expect(screen.getByRole('heading', { name: '2026年12月' })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: '次の月' }));
    await screen.findByRole('heading', { name: '2027年1月' });
  });
});

describe('the event page', { timeout: 60_000 }, () => {
  it('shows an advisor the event and fetches no registrations, seating, follow-ups or attendee list', async () => {
    const calls = stubNetwork(
      either(loginAnswers(['advisor']), (m, path) => (path === `/api/events/v1/events/${EVENT_ID}` ? { body: event() } : undefined), empty),
    );
    renderAt(`/events/${EVENT_ID}`);
    await logIn();
    await screen.findByRole('heading', { name: '昆布だし交流会' });
    expect(screen.queryByRole('tab')).toBeNull();
    expect(calls.filter((c) => /registrations|seating|follow-ups|attendee-list/.test(c.path))).toEqual([]);
  });

  it('moves a person to another table with the keyboard list, sending the plan’s ETag, and refuses a full table', async () => {
    const seat = (id: string, name: string) => ({ registrationId: id, name, organizationName: null, sector: null, focusFields: [] });
    const table = (n: number, s: ReturnType<typeof seat>[]) => ({
      table: n,
      hostSeats: 0,
      mixScore: 50,
      organizationPairs: 0,
      studyGroupPairs: 0,
      focusFieldPairs: 0,
      sectors: {},
      focusFields: {},
      seats: s,
    });
    const plan = (tables: ReturnType<typeof table>[], version: number) => ({
      eventId: EVENT_ID,
      version,
      tableSize: 3,
      hostsPerTable: 0,
      inputHash: 'x',
      generatedAt: '2026-12-01T10:00:00.000+09:00',
      adjustedAt: null,
      manualMoves: 0,
      score: { mixScore: 70 },
      tables,
      unseated: [],
      noLongerAttending: [],
      warnings: [],
      explanation: { ja: '異なる分野が混ざるように配置しました。', en: 'Mixed.' },
    });
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x.repeat(8)}-0000-4000-8000-000000000000`);
    const before = plan(
      [
        table(1, [seat(ids[0]!, '青木'), seat(ids[1]!, '伊藤'), seat(ids[2]!, '上田')]),
        table(2, [seat(ids[3]!, '江藤'), seat(ids[4]!, '大野')]),
      ],
      4,
    );
    const after = plan(
      [
        table(1, [seat(ids[1]!, '伊藤'), seat(ids[2]!, '上田')]),
        table(2, [seat(ids[3]!, '江藤'), seat(ids[4]!, '大野'), seat(ids[0]!, '青木')]),
      ],
      5,
    );
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (m, path) => {
        if (path === `/api/events/v1/events/${EVENT_ID}`) return { body: event() };
        if (m === 'GET' && path === `/api/events/v1/events/${EVENT_ID}/seating`) return { body: before, headers: { etag: '"4"' } };
        if (m === 'POST' && path === `/api/events/v1/events/${EVENT_ID}/seating/moves`) return { body: after, headers: { etag: '"5"' } };
        return undefined;
      }),
    );
    renderAt(`/events/${EVENT_ID}?tab=seating`);
    const user = await logIn();
    await screen.findByRole('region', { name: 'テーブル 1' });
    // Table 2 has a free seat: the only place 青木 may go.
    const aoki = screen.getByRole('combobox', { name: '青木 の移動先' });
    expect(
      within(aoki)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['移動先', 'テーブル 2']);
    await user.selectOptions(aoki, '2');
    await screen.findByText('青木 をテーブル 2 へ移しました。');
    const move = calls.find((c) => c.method === 'POST' && c.path.endsWith('/seating/moves'))!;
    expect(move.request.headers.get('if-match')).toBe('"4"');
    expect(await move.request.clone().json()).toEqual({ moves: [{ registrationId: ids[0], toTable: 2 }] });
    const table2 = screen.getByRole('region', { name: 'テーブル 2' });
    expect(within(table2).getByRole('button', { name: '青木' })).toBeInTheDocument();
    // Table 2 is now full (3 seats): nobody may go there.
    expect(within(screen.getByRole('combobox', { name: '伊藤 の移動先' })).getAllByRole('option')).toHaveLength(1);
  });

  it('checks a guest in by the token typed at the door, and says so when the token is unknown', async () => {
    const registration = {
      id: 'r1',
      eventId: EVENT_ID,
      status: 'attended',
      registrant: { name: '北海 太郎', organizationName: '日高昆布クラスター研究会' },
      checkedInAt: '2026-12-05T17:55:00.000+09:00',
    };
    const calls = stubNetwork(
      either(loginAnswers(['coordinator']), (m, path, request) => {
        if (path === `/api/events/v1/events/${EVENT_ID}`) return { body: event() };
        if (m === 'POST' && path === `/api/events/v1/events/${EVENT_ID}/check-ins`) {
          void request;
          return calls.filter((c) => c.path.endsWith('/check-ins')).length === 1
            ? { body: { registration, alreadyCheckedIn: false } }
            : { status: 404, body: { status: 404, code: 'EVENTS.CHECK_IN_TOKEN_UNKNOWN', detail: 'No registration has this token.' } };
        }
        return undefined;
      }),
    );
    renderAt(`/events/${EVENT_ID}/check-in`);
    const user = await logIn();
    const token = await screen.findByLabelText(/QR コードのトークン/);
    await user.type(token, '0J4Z-K8M2-QH7W');
    await user.click(screen.getByRole('button', { name: 'チェックイン' }));
    await screen.findByText('北海 太郎 さんを受け付けました。');
    expect(
      await calls
        .find((c) => c.path.endsWith('/check-ins'))!
        .request.clone()
        .json(),
    ).toEqual({ token: '0J4Z-K8M2-QH7W' });
    await waitFor(() => expect(token).toHaveValue(''));
    await user.type(token, 'NOPE');
    await user.click(screen.getByRole('button', { name: 'チェックイン' }));
    await screen.findByText('このトークンの申込はありません。');
  });
});
