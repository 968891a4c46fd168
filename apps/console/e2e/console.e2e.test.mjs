// The staff console end to end: Debian's chromium (playwright-core) against the real platform started as
// `npm start` starts it (libs/testing's launcher: the four built services, NATS with JetStream, MailDev,
// Postgres), loaded with the demo seed (scripts/seed-demo) through the services' APIs.
//
//   node --test e2e/                        launches and seeds a platform of its own (and stops it)
//   CONSOLE_E2E_PLATFORM=file.json …        uses a running, seeded one ({registry, proposals, events, notifications, mail})
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  assertAccessible,
  createEvent,
  eventually,
  go,
  launchBrowser,
  log,
  logInAt,
  mails,
  screenshot,
  suitePlatform,
  visitRecordingInto,
} from './helpers.mjs';

const PASSWORD = 'console-e2e-password';

let suite;
let urls;
let server;
let browser;
let api;
/** Render times of the main screens (measured, reported, never asserted). */
const renderTimes = {};
const visit = visitRecordingInto(renderTimes);
const logIn = (page, who, path) => logInAt(server.url, page, who, path);

/** Sets the password of an invited staff member through the invitation email's link, as they would. */
async function activate(account) {
  const who = { email: account.email, password: PASSWORD, personId: account.personId };
  // Activated by an earlier run against the same platform (CONSOLE_E2E_PLATFORM): log in as is.
  if (
    await api.token(who.email, who.password).then(
      () => true,
      () => false,
    )
  )
    return who;
  const invitation = await eventually(async () => {
    const all = await mails(urls.mail);
    return all.find((m) => m.to.some((t) => t.address === account.email) && /set-password\?token=/.test(m.text ?? ''));
  }, `the invitation email to ${account.email}`);
  const token = /set-password\?token=([A-Za-z0-9_-]+)/.exec(invitation.text)[1];
  await api.call('registry', 'POST', '/v1/auth/set-password', { body: { token, password: PASSWORD } });
  return who;
}

before(async () => {
  suite = await suitePlatform();
  ({ urls, api, server } = suite);
  browser = await launchBrowser();
  log(`console at ${server.url}`);
});

after(async () => {
  log(`render times (ms, first load of each screen, this machine): ${JSON.stringify(renderTimes)}`);
  await browser?.context.close().catch(() => undefined);
  if (browser) rmSync(browser.userDataDir, { recursive: true, force: true });
  await suite?.stop();
});

describe('the staff console on the demo data', () => {
  let coordinator;
  let advisor;

  before(async () => {
    const coordinators = await api.call('registry', 'GET', '/v1/accounts?role=coordinator&limit=100', { as: ADMIN });
    coordinator = await activate(coordinators.items.find((a) => a.status === 'invited') ?? coordinators.items[0]);
  });

  it('logs a coordinator in, shows the navigation of the role, and keeps the place on a 401', async () => {
    const page = await browser.context.newPage();
    await logIn(page, coordinator, '/registry?q=%E6%98%86%E5%B8%83');
    // Logged in from a deep link: back where the user wanted to go.
    await page.getByRole('heading', { name: '名簿' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Collabo スタッフコンソール' });
    assert.deepEqual(await nav.getByRole('link').allTextContents(), ['今日', '名簿', '提案', '実績報告', '交流会', 'メール', '配送不能']);
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    assert.deepEqual(stored, { local: 0, session: 0 }, 'the token lives in memory only');
    await visit(page, 'today', '/', () => page.getByRole('heading', { name: '今月の交流会' }).waitFor());
    // A reload loses the in-memory token: the login page, with the place kept.
    await page.goto(`${server.url}/proposals?view=board`);
    await page.getByLabel('メールアドレス').waitFor();
    assert.match(page.url(), /\/login\?next=%2Fproposals%3Fview%3Dboard/);
    await page.close();
  });

  it('finds 昆布 in the registry as you type, kana too, and opens the organisation', async () => {
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'registry', '/registry', () => page.getByRole('table', { name: '組織' }).waitFor());
    const search = page.getByLabel('名前・かなで検索');
    await search.pressSequentially('昆布');
    await page.getByRole('link', { name: '日高昆布クラスター研究会' }).waitFor();
    assert.match(page.url(), /q=%E6%98%86%E5%B8%83/, 'the search is in the URL');
    await assertAccessible(page, 'registry search');
    await screenshot(page, 'registry-search');
    await search.fill('');
    await search.pressSequentially('コンブ');
    await page.getByRole('link', { name: '日高昆布クラスター研究会' }).waitFor();
    await page.getByRole('link', { name: '日高昆布クラスター研究会' }).click();
    await page.getByRole('heading', { name: '日高昆布クラスター研究会' }).waitFor();
    await page.getByText('様似町').first().waitFor();
    await assertAccessible(page, 'organisation page');
    await page.close();
  });

  it('moves a proposal to its next stage with a reason, and the email arrives in the mail catcher', async () => {
    const list = await api.call('proposals', 'GET', '/v1/proposals?stage=screening&limit=100', { as: ADMIN });
    let target;
    for (const p of list.items) {
      const reviews = await api.call('proposals', 'GET', `/v1/proposals/${p.id}/reviews?limit=100`, { as: ADMIN });
      if (reviews.total >= 2 && p.allowedNextStages.length) {
        target = p;
        break;
      }
    }
    assert.ok(target, 'the demo seed has a proposal in screening with two reviews');
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'proposals', '/proposals', () => page.getByRole('table', { name: '提案' }).waitFor());
    await assertAccessible(page, 'proposals table');
    await go(page, '/proposals?view=board');
    await page.locator('.board section').first().waitFor();
    await assertAccessible(page, 'proposals board');
    await visit(page, 'proposal', `/proposals/${target.id}`, () => page.getByRole('heading', { name: '経緯' }).waitFor());
    const next = target.allowedNextStages[0];
    const button = page.getByRole('button', { name: `→ ${next.label.ja}` });
    // No reason: refused on the screen, nothing sent.
    await button.click();
    await page.getByText('理由を入力してください。').waitFor();
    await page.getByLabel('理由').fill('審査会の結果を受けて (e2e)');
    await screenshot(page, 'proposal');
    await button.click();
    await page.getByText(`「${next.label.ja}」へ移しました。`).waitFor();
    await assertAccessible(page, 'proposal page');
    const after = await api.call('proposals', 'GET', `/v1/proposals/${target.id}`, { as: ADMIN });
    assert.equal(after.stage.code, next.code);
    // The email the move causes, sent by the notifications service, arrives at the mail catcher.
    const delivery = await eventually(async () => {
      const d = await api.call('notifications', 'GET', `/v1/deliveries?proposalId=${target.id}&limit=100`, { as: ADMIN });
      return d.items.find((x) => x.status === 'sent' && Date.parse(x.createdAt) >= Date.parse(after.updatedAt) - 1000);
    }, 'the delivery of the stage change');
    const mail = await eventually(
      async () =>
        (await mails(urls.mail)).find((m) => m.subject === delivery.subject && m.to.some((t) => t.address === delivery.recipient.email)),
      'the email in MailDev',
    );
    assert.ok(mail.text.length > 0);
    // The same proposal read again by someone holding the old version: 412 in words.
    await go(page, `/proposals/${target.id}`);
    await page.getByRole('heading', { name: '経緯' }).waitFor();
    const fresh = await api.call('proposals', 'GET', `/v1/proposals/${target.id}`, { as: ADMIN });
    assert.ok(fresh.allowedNextStages.length, `${fresh.stage.code} has a next stage to try`);
    // Someone else changes the proposal (an API edit with its ETag) while the page holds the old version.
    await api.call('proposals', 'PATCH', `/v1/proposals/${target.id}`, {
      as: ADMIN,
      headers: { 'if-match': `"${fresh.version}"` },
      body: { supportRequested: `${fresh.supportRequested ?? ''} (e2e)`.trim() },
    });
    const changed = await api.call('proposals', 'GET', `/v1/proposals/${target.id}`, { as: ADMIN });
    assert.notEqual(changed.version, fresh.version);
    await page.getByLabel('理由').fill('古い版からの操作 (e2e)');
    await page.getByRole('button', { name: `→ ${fresh.allowedNextStages[0].label.ja}` }).click();
    await page.getByText('他の人がこの提案を変更しました。再読み込みしてください。', { exact: false }).waitFor();
    // The refused move changed nothing.
    const still = await api.call('proposals', 'GET', `/v1/proposals/${target.id}`, { as: ADMIN });
    assert.deepEqual([still.stage.code, still.version], [changed.stage.code, changed.version]);
    await page.close();
  });

  it('lets an advisor submit a review from the rubric, and answers 404 for a proposal not assigned', async () => {
    const advisors = await api.call('registry', 'GET', '/v1/accounts?role=advisor&limit=100', { as: ADMIN });
    const screening = await api.call('proposals', 'GET', '/v1/proposals?stage=screening&limit=100', { as: ADMIN });
    let pick;
    for (const p of screening.items) {
      const assignments = await api.call('proposals', 'GET', `/v1/proposals/${p.id}/assignments?limit=100`, { as: ADMIN });
      const reviews = await api.call('proposals', 'GET', `/v1/proposals/${p.id}/reviews?limit=100`, { as: ADMIN });
      const open = assignments.items.find(
        (a) => !['declined', 'conflict_declared', 'withdrawn'].includes(a.status) && !reviews.items.some((r) => r.assignmentId === a.id),
      );
      const account = open && advisors.items.find((a) => a.personId === open.advisorId);
      if (account) {
        pick = { proposal: p, account };
        break;
      }
    }
    if (!pick) {
      // Assign one: an advisor without a conflict on some proposal in screening.
      const p = screening.items[0];
      for (const a of advisors.items) {
        try {
          await api.call('proposals', 'POST', `/v1/proposals/${p.id}/assignments`, { as: ADMIN, body: { advisorId: a.personId } });
          pick = { proposal: p, account: a };
          break;
        } catch {
          // a conflict of interest or already assigned: the next advisor
        }
      }
    }
    assert.ok(pick, 'an advisor with an open assignment');
    advisor = await activate(pick.account);
    const page = await browser.context.newPage();
    await logIn(page, advisor);
    const nav = page.getByRole('navigation', { name: 'Collabo スタッフコンソール' });
    assert.deepEqual(await nav.getByRole('link').allTextContents(), ['今日', '名簿', '提案', '交流会']);
    await go(page, `/proposals/${pick.proposal.id}`);
    await page.getByRole('heading', { name: '審査を書く' }).waitFor();
    const inputs = page.locator(
      'form[aria-labelledby="review-title"] input[inputmode="numeric"], form[aria-labelledby="review-title"] input[type="text"]',
    );
    const count = await inputs.count();
    assert.ok(count > 0, 'the rubric has criteria');
    // Low scores: the rubric's fail rules show as they are typed.
    for (let i = 0; i < count; i++) await inputs.nth(i).fill('1');
    await page.getByTestId('fail-rules').waitFor();
    assert.match(await page.getByTestId('fail-rules').textContent(), /^不合格の条件に該当: /);
    // Near the top of each criterion's scale (its label ends "(0–max)"): no rule fails.
    let total = 0;
    for (let i = 0; i < count; i++) {
      const label = await page.locator(`label[for="${await inputs.nth(i).getAttribute('id')}"]`).textContent();
      const max = Number(/0–(\d+)/.exec(label)[1]);
      total += max - 1;
      await inputs.nth(i).fill(String(max - 1));
    }
    await page.getByText(new RegExp(`^合計 ${total} / \\d+$`)).waitFor();
    await page.getByTestId('fail-rules').waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: '推薦' }).click();
    await page.getByRole('option', { name: '条件付き採択' }).click();
    await page.getByLabel('コメント').fill('市場性の検証を条件に支援が妥当 (e2e)');
    await assertAccessible(page, 'review form');
    await screenshot(page, 'review-form');
    await page.getByRole('button', { name: '審査を提出' }).click();
    const outcome = page.getByText('審査を提出しました。').or(page.locator('form[aria-labelledby="review-title"] [role="alert"]'));
    await outcome.first().waitFor();
    assert.equal(await outcome.first().textContent(), '審査を提出しました。');
    const reviews = await api.call('proposals', 'GET', `/v1/proposals/${pick.proposal.id}/reviews?limit=100`, { as: ADMIN });
    assert.ok(reviews.items.some((r) => r.advisorId === advisor.personId && r.recommendation === 'accept_with_conditions'));
    // A proposal not assigned to this advisor: the service answers 404, the screen says so.
    const all = await api.call('proposals', 'GET', '/v1/proposals?limit=100', { as: ADMIN });
    let other;
    for (const p of all.items) {
      const assignments = await api.call('proposals', 'GET', `/v1/proposals/${p.id}/assignments?limit=100`, { as: ADMIN });
      if (!assignments.items.some((a) => a.advisorId === advisor.personId)) {
        other = p;
        break;
      }
    }
    assert.ok(other);
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/proposals/v1/proposals/${other.id}`));
    await go(page, `/proposals/${other.id}`);
    assert.equal((await answer).status(), 404);
    await page.getByText('この提案は見つからないか、担当ではありません。').waitFor();
    await page.close();
  });

  it('registers guests past the capacity and shows the waiting list', async () => {
    const event = await createEvent(api, {
      kind: 'seminar',
      title: { ja: '昆布だし試食セミナー (e2e)', en: 'Kombu tasting seminar (e2e)' },
      capacity: 2,
      admission: 'first_come',
      daysAhead: 30,
    });
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'events', '/events', () => page.getByRole('table', { name: '交流会' }).waitFor());
    await assertAccessible(page, 'events list');
    await visit(page, 'event', `/events/${event.id}`, () => page.getByRole('heading', { name: 'ゲストを登録' }).waitFor());
    const guests = [
      ['北海 太郎', 'taro.e2e@guest.example'],
      ['札幌 花子', 'hanako.e2e@guest.example'],
      ['函館 次郎', 'jiro.e2e@guest.example'],
    ];
    for (const [name, email] of guests) {
      await page.getByLabel('氏名').fill(name);
      await page.getByLabel('メールアドレス').fill(email);
      await page.getByRole('button', { name: '登録', exact: true }).click();
      await page.getByRole('status').filter({ hasText: name }).waitFor();
    }
    await page.getByRole('status').filter({ hasText: '函館 次郎: waitlisted' }).waitFor();
    await page.getByRole('button', { name: 'キャンセル待ち' }).click();
    assert.match(page.url(), /status=waitlisted/);
    // the filtered page replaces the whole list once it has loaded: a header and the one waitlisted guest
    const rows = page.getByRole('table', { name: '申込' }).getByRole('row');
    await eventually(async () => (await rows.count()) === 2, 'the waitlisted guest alone in the list');
    assert.match(await rows.nth(1).innerText(), /函館 次郎/);
    await assertAccessible(page, 'event page');
    await screenshot(page, 'event-waitlist');
    await page.close();
  });

  it('draws the seating, moves guests by drag and drop and by the keyboard list, checks a guest in on a phone, records a follow-up', async () => {
    const event = await createEvent(api, {
      kind: 'exchange_meeting',
      title: { ja: '昆布の未来を語る交流会 (e2e)', en: 'Kombu futures exchange (e2e)' },
      capacity: 10,
      admission: 'first_come',
      daysAhead: 40,
    });
    const guests = [
      ['浦河 一郎', '浦河町役場', true],
      ['様似 二郎', '様似漁協', false],
      ['えりも 三郎', 'えりも昆布加工', true],
      ['新冠 四郎', '北海道大学', false],
      ['日高 五郎', '日高信用金庫', false],
    ];
    const registered = [];
    for (const [i, [name, organizationName, consentToList]] of guests.entries()) {
      registered.push(
        await api.call('events', 'POST', `/v1/events/${event.id}/registrations`, {
          as: ADMIN,
          body: {
            guest: {
              name,
              organizationName,
              email: `seating${i}.e2e@guest.example`,
              language: 'ja',
              consentToList,
            },
          },
        }),
      );
    }
    assert.ok(registered.every((r) => r.status === 'confirmed'));
    const page = await browser.context.newPage();
    await logIn(page, coordinator);

    // The month calendar: the event on its Tokyo day, linked.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' })
      .format(new Date(event.startsAt))
      .slice(0, 7);
    await visit(page, 'events calendar', `/events?view=calendar&month=${month}`, () =>
      page
        .getByTestId('event-calendar')
        .getByRole('link', { name: /昆布の未来を語る交流会/ })
        .waitFor(),
    );
    await assertAccessible(page, 'events calendar');
    await screenshot(page, 'events-calendar');

    // Draw the seating: tables of three, then move people between them.
    await visit(page, 'seating', `/events/${event.id}?tab=seating`, () => page.getByRole('button', { name: '座席を割り当てる' }).waitFor());
    await page.getByLabel('1 テーブルの席数').fill('3');
    await page.getByRole('button', { name: '座席を割り当てる' }).click();
    await page.getByRole('region', { name: 'テーブル 2' }).waitFor();
    const seatsAt = async (n) =>
      page
        .getByRole('region', { name: `テーブル ${n}` })
        .locator('li.seat')
        .count();
    assert.equal((await seatsAt(1)) + (await seatsAt(2)), 5, 'five guests at two tables');
    const full = (await seatsAt(1)) === 3 ? 1 : 2;
    const other = full === 1 ? 2 : 1;
    // Drag a name from the full table to the other one (the mouse, as staff do it).
    const handle = page
      .getByRole('region', { name: `テーブル ${full}` })
      .locator('.seat-handle')
      .first();
    const dragged = (await handle.textContent()).split(' · ')[0];
    const from = await handle.boundingBox();
    const to = await page.getByRole('region', { name: `テーブル ${other}` }).boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    await page
      .getByRole('status')
      .filter({ hasText: `${dragged} をテーブル ${other} へ移しました。` })
      .waitFor();
    // Back with the keyboard's "move to" list.
    await page.getByRole('combobox', { name: `${dragged} の移動先` }).selectOption(String(full));
    await page
      .getByRole('status')
      .filter({ hasText: `${dragged} をテーブル ${full} へ移しました。` })
      .waitFor();
    const plan = await api.call('events', 'GET', `/v1/events/${event.id}/seating`, { as: ADMIN });
    assert.equal(plan.manualMoves, 2);
    assert.ok(plan.tables.find((t) => t.table === full).seats.some((s) => s.name === dragged));
    await assertAccessible(page, 'seating plan');
    await screenshot(page, 'event-seating');

    // The attendee list: only those who consented.
    await go(page, `/events/${event.id}?tab=attendees`);
    await page.getByRole('table', { name: '参加者名簿（掲載に同意した人のみ）' }).getByRole('cell', { name: '浦河 一郎' }).waitFor();
    assert.equal(await page.getByTestId('attendees-withheld').textContent(), '同意のない 3 人は掲載しません。');
    assert.equal(await page.getByRole('cell', { name: '様似 二郎' }).count(), 0);
    await assertAccessible(page, 'attendee list');
    await screenshot(page, 'event-attendees');

    // A follow-up between two guests.
    await go(page, `/events/${event.id}?tab=followUps`);
    await page.getByRole('heading', { name: 'フォローアップを記録' }).waitFor();
    const participants = page
      .getByRole('textbox', { name: '参加者' })
      .or(page.getByRole('combobox', { name: '参加者' }))
      .first();
    for (const name of ['浦河 一郎', 'えりも 三郎']) {
      await participants.click();
      await page.getByRole('option', { name }).click();
    }
    await page.keyboard.press('Escape');
    await page.getByLabel('内容').fill('昆布の根の加工について現地で相談 (e2e)');
    await page.getByRole('button', { name: 'フォローアップを記録' }).click();
    await page.getByText('フォローアップを記録しました。').waitFor();
    await page
      .getByRole('table', { name: 'フォローアップ' })
      .getByRole('cell', { name: '昆布の根の加工について現地で相談 (e2e)' })
      .waitFor();
    await assertAccessible(page, 'follow-ups');
    await screenshot(page, 'event-follow-ups');

    // Check-in at the door on a phone: the token of a guest's QR code, typed.
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, 'check-in', `/events/${event.id}/check-in`, () => page.getByLabel('QR コードのトークン').waitFor());
    await page.getByLabel('QR コードのトークン').fill(registered[0].checkInToken);
    await page.getByRole('button', { name: 'チェックイン' }).click();
    await page.getByText('浦河 一郎 さんを受け付けました。').waitFor();
    const checkedIn = await api.call('events', 'GET', `/v1/registrations/${registered[0].id}`, { as: ADMIN });
    assert.equal(checkedIn.status, 'attended');
    await page.getByLabel('QR コードのトークン').fill('NOT-A-TOKEN');
    await page.getByRole('button', { name: 'チェックイン' }).click();
    await page.getByText('このトークンの申込はありません。').waitFor();
    await assertAccessible(page, 'check-in');
    await screenshot(page, 'check-in-phone');
    await page.close();
  });

  it('draws a lottery once registration has closed and verifies the draw', async () => {
    const created = await createEvent(api, {
      kind: 'seminar',
      title: { ja: '昆布漁の現場見学 抽選 (e2e)', en: 'Kombu harvest visit lottery (e2e)' },
      capacity: 2,
      admission: 'lottery',
      daysAhead: 50,
      registrationClosesDaysBefore: 7,
    });
    for (const [i, name] of ['抽選 一子', '抽選 二子', '抽選 三子', '抽選 四子'].entries()) {
      await api.call('events', 'POST', `/v1/events/${created.id}/registrations`, {
        as: ADMIN,
        body: { guest: { name, email: `lottery${i}.e2e@guest.example`, language: 'ja', consentToList: false } },
      });
    }
    // Registration closes (the deadline moved to the past, as staff may do): the draw is due.
    const published = await api.call('events', 'GET', `/v1/events/${created.id}`, { as: ADMIN });
    await api.call('events', 'PATCH', `/v1/events/${created.id}`, {
      as: ADMIN,
      headers: { 'if-match': `"${published.version}"` },
      body: { registrationClosesAt: new Date(Date.now() - 60_000).toISOString() },
    });
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'lottery', `/events/${created.id}?tab=lottery`, () => page.getByRole('button', { name: '抽選する' }).waitFor());
    await page.getByLabel('シード（公開抽選の数字など、空欄なら自動）').fill('2026 抽選会 7-3-9-1 (e2e)');
    await page.getByRole('button', { name: '抽選する' }).click();
    const order = page.getByRole('table', { name: '抽選順' });
    await order.getByRole('row').nth(4).waitFor();
    assert.equal(await order.getByRole('cell', { name: '当選' }).count(), 2);
    await page.getByRole('button', { name: '抽選を検証する' }).click();
    await page.getByText('検証結果: 記録された順番と一致しました。').waitFor();
    const draw = await api.call('events', 'GET', `/v1/events/${created.id}/lottery`, { as: ADMIN });
    assert.equal(draw.seed, '2026 抽選会 7-3-9-1 (e2e)');
    await assertAccessible(page, 'lottery');
    await screenshot(page, 'event-lottery');
    await page.close();
  });

  it('shows a refused move in words with the allowed list, reviewer assignment with conflicts, team suggestions and outcomes', async () => {
    const screening = await api.call('proposals', 'GET', '/v1/proposals?stage=screening&limit=100', { as: ADMIN });
    let target;
    for (const p of screening.items) {
      const reviews = await api.call('proposals', 'GET', `/v1/proposals/${p.id}/reviews?limit=100`, { as: ADMIN });
      const decision = p.allowedNextStages.find((s) => s.kind === 'accepted');
      if (reviews.total < 2 && decision) {
        target = { proposal: p, decision };
        break;
      }
    }
    assert.ok(target, 'a proposal in screening with fewer reviews than a decision needs');
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'proposal', `/proposals/${target.proposal.id}`, () => page.getByRole('heading', { name: '経緯' }).waitFor());
    await page.getByLabel('理由').fill('審査会で採択 (e2e: 審査が足りない)');
    await page.getByRole('button', { name: `→ ${target.decision.label.ja}` }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'この操作はできません' });
    await refusal.waitFor();
    const text = await refusal.textContent();
    assert.match(text, /決定には審査が 2 件必要ですが、完了した審査は \d 件です。/);
    for (const s of target.proposal.allowedNextStages) assert.ok(text.includes(s.label.ja), `the allowed list names ${s.label.ja}`);
    const still = await api.call('proposals', 'GET', `/v1/proposals/${target.proposal.id}`, { as: ADMIN });
    assert.equal(still.stage.code, 'screening');
    await screenshot(page, 'proposal-refused');

    // Reviewers: the assignments, and assigning an advisor (a waiver reason when the registry shows a conflict).
    await go(page, `/proposals/${target.proposal.id}?tab=reviews`);
    await page.getByRole('heading', { name: 'アドバイザーの割り当て' }).waitFor();
    await page.getByRole('heading', { name: '審査のまとめ' }).waitFor();
    await page.getByRole('combobox', { name: 'アドバイザー' }).click();
    const option = page.getByRole('option').first();
    await option.waitFor();
    const picked = await option.textContent();
    await option.click();
    if (picked.includes('利益相反あり')) {
      await page.getByRole('alert').filter({ hasText: '利益相反' }).waitFor();
      await page.getByLabel('利益相反を承知で割り当てる理由').fill('この分野の専門家が他にいないため (e2e)');
    }
    await page.getByRole('button', { name: '割り当てる' }).click();
    await page
      .getByText('割り当てました。')
      .or(page.getByRole('alert').filter({ hasText: 'already assigned' }))
      .first()
      .waitFor();
    await assertAccessible(page, 'reviewer assignment');
    await screenshot(page, 'proposal-reviewers');

    // The support team: suggestions ranked, each score explained; those left out and why.
    await go(page, `/proposals/${target.proposal.id}?tab=team`);
    const suggestions = page.getByRole('table', { name: 'メンバー候補と理由' });
    await suggestions.waitFor();
    assert.ok((await suggestions.getByRole('row').count()) > 1, 'advisors are suggested');
    await suggestions
      .getByText(/^重点分野 /)
      .first()
      .waitFor();
    await assertAccessible(page, 'team suggestions');
    await screenshot(page, 'proposal-team');

    // Outcomes: record one and see it listed.
    await go(page, `/proposals/${target.proposal.id}?tab=outcomes`);
    await page.getByRole('heading', { name: '成果を記録' }).waitFor();
    await page.getByLabel('内容').fill('昆布仮根の試作品 (e2e)');
    await page.getByLabel('日付').fill('2026-11-15');
    await page.getByRole('button', { name: '成果を記録' }).click();
    await page.getByText('成果を記録しました。').waitFor();
    await page.getByRole('table', { name: '成果' }).getByRole('cell', { name: '昆布仮根の試作品 (e2e)' }).waitFor();
    const outcomes = await api.call('proposals', 'GET', `/v1/proposals/${target.proposal.id}/outcomes?limit=100`, { as: ADMIN });
    assert.ok(outcomes.items.some((o) => o.kind === 'prototype' && o.summary === '昆布仮根の試作品 (e2e)'));
    await assertAccessible(page, 'outcomes');
    await screenshot(page, 'proposal-outcomes');
    await page.close();
  });

  it('shows the KPI for FY2002 as a chart and a table: 200 screened', async () => {
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'reports', '/reports?from=1998&to=2003', () => page.locator('tr[data-fiscal-year="2002"]').waitFor());
    const screened = await page.locator('tr[data-fiscal-year="2002"] td[data-kpi="cumulativeScreened"]').textContent();
    assert.equal(screened, '200');
    assert.ok((await page.locator('[data-testid="kpi-chart"] svg .recharts-bar-rectangle').count()) > 0, 'the chart has bars');
    await page.getByRole('rowheader', { name: '2002年度' }).waitFor();
    await assertAccessible(page, 'KPI report');
    await screenshot(page, 'kpi');
    await page.close();
  });

  it('carries the demo history to the centre report: the Good Design award of FY2003 under its tenant', async () => {
    // The history import's award names the centre's tenancy; the registry learns it from proposals' OutcomeRecordedV1.
    const report = await eventually(async () => {
      const r = await api.call('registry', 'GET', '/v1/reports/centre?fiscalYear=2003', { as: ADMIN });
      return r.totals.awards > 0 ? r : undefined;
    }, 'the award in the FY2003 centre report');
    const awards = report.tenants.flatMap((t) => t.awards.map((a) => ({ tenant: t.organizationName, ...a })));
    assert.equal(awards.length, 1);
    assert.match(awards[0].summary, /グッドデザイン賞/);
    assert.equal(awards[0].occurredOn, '2003-10-01');
    assert.ok(awards[0].tenancyId, 'the award names its tenancy');
  });

  it('shows the delivery log and the dead letters to a coordinator', async () => {
    const page = await browser.context.newPage();
    await logIn(page, coordinator);
    await visit(page, 'mail', '/mail', () => page.getByRole('table', { name: 'メール配信ログ' }).waitFor());
    assert.ok((await page.getByRole('table', { name: 'メール配信ログ' }).getByRole('row').count()) > 1);
    await assertAccessible(page, 'delivery log');
    await go(page, '/dead-letters?service=notifications');
    await page.getByRole('heading', { name: '配送不能メッセージ' }).waitFor();
    await page.getByRole('table', { name: '配送不能メッセージ' }).waitFor();
    await assertAccessible(page, 'dead letters');
    await page.close();
  });
});
