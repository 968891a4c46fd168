// The registry's, mail's and reports' screens end to end (issue #17): a CSV dry run with a line error, an organisation
// edited with the corporate number checked as typed, duplicates merged after a side-by-side preview, staff accounts,
// study groups and a person, an email as the recipient saw it (secrets masked), a person's preferences, the KPI by
// one fiscal year and bureau, the study-group and events reports. Debian's chromium against the same platform as
// console.e2e.test.mjs (CONSOLE_E2E_PLATFORM, as `npm test` runs it), or one of its own when run alone.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  assertAccessible as assertAccessibleWith,
  launchBrowser,
  log,
  logInAt,
  screenshot,
  suitePlatform,
  visitRecordingInto,
  ADMIN,
} from './helpers.mjs';

/** Makes the records this file creates unique, so that it can run again against the same platform. */
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

let suite;
let server;
let browser;
let api;
const renderTimes = {};
const visit = visitRecordingInto(renderTimes);
const logIn = (page, who, path) => logInAt(server.url, page, who, path);
/** The email shown as sent is in a sandboxed frame that axe cannot enter: frames are left out (the email is the templates' work). */
const assertAccessible = (page, screen) => assertAccessibleWith(page, screen, { iframes: false });

before(async () => {
  suite = await suitePlatform();
  ({ api, server } = suite);
  browser = await launchBrowser();
});

after(async () => {
  log(`render times (ms, registry/mail/reports screens, this machine): ${JSON.stringify(renderTimes)}`);
  await browser?.context.close().catch(() => undefined);
  if (browser) rmSync(browser.userDataDir, { recursive: true, force: true });
  await suite?.stop();
});

describe('registry, mail and reports screens on the demo data', () => {
  it('checks a CSV of organisations line by line before importing it, and shows the line with the bad corporate number', async () => {
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await visit(page, 'import', '/registry/import', () => page.getByRole('heading', { name: 'CSV 取込' }).waitFor());
    const csv = [
      'kind,sector,name,name_kana,corporate_number,municipality_code',
      `company,industry,e2e取込テスト${RUN}株式会社,イーツーイートリコミテスト,,`,
      `company,industry,e2e取込テスト${RUN}第二株式会社,イーツーイートリコミテストダイニ,8010705000725,`,
    ].join('\n');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'organizations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '検査する (ドライラン)' }).click();
    const line = page.locator('[data-testid="import-report"] tr[data-line="3"]');
    await line.waitFor();
    assert.match(await line.textContent(), /corporate_number/);
    const good = page.locator('[data-testid="import-report"] tr[data-line="2"]');
    if (await good.count()) assert.doesNotMatch(await good.textContent(), /エラー/, 'the good line has no error (a note at most)');
    assert.ok(await page.getByRole('button', { name: /行を取り込む/ }).isDisabled(), 'no import while a line is bad');
    await assertAccessible(page, 'CSV import dry run');
    await screenshot(page, 'registry-import-dry-run');
    await page.close();
  });

  it('edits an organisation with the corporate number checked as typed, and merges a duplicate after a side-by-side preview', async () => {
    const municipalities = await api.call('registry', 'GET', '/v1/municipalities', { as: ADMIN });
    const municipalityCode = municipalities.items.find((m) => m.nameJa === '日高町')?.code ?? municipalities.items[0].code;
    const create = (name, corporateNumber) =>
      api.call('registry', 'POST', '/v1/organizations', {
        as: ADMIN,
        body: {
          kind: 'company',
          sector: 'industry',
          name,
          nameKana: 'イーツーイーコンブショウジ',
          municipalityCode,
          ...(corporateNumber ? { corporateNumber } : {}),
        },
      });
    const survivor = await create(`株式会社e2e昆布商事${RUN}`);
    const merged = await create(`e2e昆布商事${RUN}(株)`);

    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await visit(page, 'organization edit', `/registry/organizations/${survivor.id}/edit`, () => page.getByLabel('法人番号').waitFor());
    await page.getByLabel('法人番号').fill('8010705000725');
    await page.getByText('チェックディジット（先頭の 1 桁）が正しくありません。番号を確認してください。').waitFor();
    await page.getByLabel('法人番号').fill('7010705000725'.slice(0, 12));
    await page.getByText('法人番号は 13 桁です。').waitFor();
    await page.getByLabel('法人番号').fill('');
    await assertAccessible(page, 'organisation edit');

    await visit(page, 'merge', `/registry/organizations/${survivor.id}/merge`, () =>
      page.getByRole('table', { name: '重複の候補' }).waitFor(),
    );
    await page
      .getByRole('table', { name: '重複の候補' })
      .getByRole('row', { name: new RegExp(merged.name.replace(/[()]/g, '\\$&')) })
      .getByRole('button', { name: '比べる' })
      .click();
    const preview = page.getByTestId('merge-preview');
    await preview.waitFor();
    assert.match(await preview.textContent(), new RegExp(`e2e昆布商事${RUN}`));
    assert.match(page.url(), new RegExp(`with=${merged.id}`));
    await assertAccessible(page, 'merge preview');
    await screenshot(page, 'registry-merge-preview');
    await page.getByRole('checkbox', { name: /元に戻せません/ }).check();
    await page.getByRole('button', { name: '統合する' }).click();
    await page.getByText('統合しました').waitFor();
    const after = await api.call('registry', 'GET', `/v1/organizations/${merged.id}`, { as: ADMIN });
    assert.ok(after.mergedInto === survivor.id || after.id === survivor.id, 'the merged record is an alias of the survivor');
    await page.close();
  });

  it('lists staff accounts for an admin, study groups with members, and a person with their preferences', async () => {
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await visit(page, 'accounts', '/registry/accounts?role=coordinator', () =>
      page.getByRole('table', { name: 'スタッフアカウント' }).waitFor(),
    );
    assert.ok((await page.getByRole('table', { name: 'スタッフアカウント' }).getByRole('row').count()) > 1, 'coordinators are listed');
    await assertAccessible(page, 'staff accounts');
    await screenshot(page, 'registry-accounts');

    await visit(page, 'study groups', '/registry/study-groups', () => page.getByRole('table', { name: '研究会' }).waitFor());
    await page.getByRole('table', { name: '研究会' }).getByRole('row').nth(1).waitFor();
    await assertAccessible(page, 'study groups');
    const groups = await api.call('registry', 'GET', '/v1/study-groups?limit=100', { as: ADMIN });
    const group = groups.items.find((g) => g.currentMembers > 0);
    assert.ok(group, 'the demo seed has a study group with members');
    await visit(page, 'study group', `/registry/study-groups/${group.id}`, () => page.getByRole('heading', { name: group.name }).waitFor());
    const members = page.getByRole('table', { name: '会員' });
    await members.getByRole('row').nth(1).waitFor();
    await assertAccessible(page, 'study group members');
    await members.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: '研究会', exact: true }).waitFor();
    await assertAccessible(page, 'person');
    await page.getByRole('link', { name: 'メールの受信設定' }).click();
    await page.getByTestId('preferences').waitFor();
    assert.ok((await page.getByRole('switch').count()) > 0, 'a switch per category');
    await assertAccessible(page, 'preferences');
    await screenshot(page, 'mail-preferences');
    await page.close();
  });

  it('shows an email as the recipient saw it, with its secret link masked', async () => {
    const found = await api.call('notifications', 'GET', '/v1/deliveries?kind=account-invitation&limit=1', { as: ADMIN });
    assert.ok(found.items.length > 0, 'the demo seed invited staff');
    const delivery = found.items[0];
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await visit(page, 'delivery', `/mail?email=${encodeURIComponent(delivery.recipient.email)}`, () =>
      page.getByRole('link', { name: delivery.subject }).first().waitFor(),
    );
    await page.getByRole('link', { name: delivery.subject }).first().click();
    await page.getByRole('heading', { name: '受信者が見たメール' }).waitFor();
    const html = await page.locator('iframe[data-testid="delivery-html"]').getAttribute('srcdoc');
    assert.ok(html && html.length > 0, 'the HTML as sent');
    assert.doesNotMatch(html, /token=[A-Za-z0-9_-]{8,}/, 'no live secret in the HTML');
    await page.getByRole('tab', { name: 'テキスト' }).click();
    const text = await page.getByTestId('delivery-text').textContent();
    assert.match(text, /token=•••/, 'the set-password link is masked');
    assert.doesNotMatch(text, /token=[A-Za-z0-9_-]{8,}/, 'no live secret');
    await assertAccessible(page, 'email as sent');
    await page.getByRole('tab', { name: 'HTML' }).click();
    await screenshot(page, 'mail-delivery');
    await page.close();
  });

  it('reads the KPI of FY2002 by bureau, the study groups per year and the events of a fiscal year', async () => {
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await visit(page, 'kpi by bureau', '/reports?mode=year&year=2002&by=bureau', () => page.getByTestId('kpi-breakdown').waitFor());
    assert.ok((await page.getByTestId('kpi-breakdown').getByRole('row').count()) > 1, 'bureaus are listed');
    await assertAccessible(page, 'KPI by bureau');
    await screenshot(page, 'reports-kpi-bureau');
    await visit(page, 'study-group report', '/reports/study-groups?from=1998&to=2005', () =>
      page.getByRole('table', { name: '研究会の年度報告' }).waitFor(),
    );
    await assertAccessible(page, 'study-group report');
    const events = await api.call('events', 'GET', '/v1/events?limit=1', { as: ADMIN });
    const year = events.items[0]
      ? Number(events.items[0].startsAt.slice(0, 4)) - (Number(events.items[0].startsAt.slice(5, 7)) < 4 ? 1 : 0)
      : 2002;
    await visit(page, 'events report', `/reports/events?year=${year}`, () => page.getByTestId('events-report').waitFor());
    await assertAccessible(page, 'events report');
    await screenshot(page, 'reports-events');
    await page.close();
  });
});
