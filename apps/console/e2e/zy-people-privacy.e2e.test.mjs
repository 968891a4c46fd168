// Issue #20 and #17 in the browser on the demo data: the seeded admin opens a disclosure request for a seeded person
// (picked by their email in the person search), waits on the request page until all four services have answered,
// and downloads the disclosure as HTML; a person's fields are edited on their page, and a stale version (someone
// changed the person meanwhile) gets "someone changed this; reload". Debian's chromium against the same platform as
// the other browser tests (CONSOLE_E2E_PLATFORM, as `npm test` runs it), or one of its own when run alone. It runs
// before zz-privacy (node --test takes the files in name order), which erases a person.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, go, launchBrowser, logInAt, resultsDir, screenshot, seriousViolations, suitePlatform } from './helpers.mjs';

/** Makes what this file writes unique, so that it can run again against the same platform. */
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

let suite;
let server;
let browser;
let api;
const logIn = (page, who, path) => logInAt(server.url, page, who, path);

/** Seeded people with an email, from the registry (as the admin sees them). */
async function seededPeople(n) {
  const found = await api.call('registry', 'GET', '/v1/people?limit=50&sort=nameKana', { as: ADMIN });
  const people = found.items.filter((p) => p.email && !p.archived);
  assert.ok(people.length >= n, `the demo seed has at least ${n} people with an email`);
  return people.slice(0, n);
}

before(async () => {
  suite = await suitePlatform();
  ({ api, server } = suite);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.context.close().catch(() => undefined);
  if (browser) rmSync(browser.userDataDir, { recursive: true, force: true });
  await suite?.stop();
});

describe('privacy requests and person editing on the demo data', () => {
  it('opens a disclosure request as the admin, waits until all four services answered, and downloads the HTML', async () => {
    const [person] = await seededPeople(1);
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await page.getByRole('navigation', { name: 'Collabo スタッフコンソール' }).getByRole('link', { name: '個人情報の請求' }).click();
    await page.getByRole('heading', { name: '個人情報の請求' }).waitFor();
    await page.getByRole('link', { name: '請求を受け付ける' }).click();
    await page.getByRole('heading', { name: '請求を受け付ける' }).waitFor();
    await page.getByRole('combobox', { name: '人', exact: true }).fill(person.email);
    await page.getByRole('option', { name: new RegExp(person.email.replace(/[.+]/g, '\\$&')) }).click();
    assert.equal(await page.getByRole('combobox', { name: '請求の種類' }).inputValue(), '開示', 'a disclosure by default');
    await page.getByRole('button', { name: '請求を受け付ける' }).click();
    await page.getByRole('heading', { name: '開示の請求' }).waitFor();
    const requestId = page.url().split('/privacy/')[1];
    assert.match(requestId, /^[0-9a-f-]{36}$/, 'the request page of the opened request');
    // the page asks again every few seconds while a service has not answered
    await page.locator('[data-testid="privacy-status"]', { hasText: '完了' }).waitFor({ timeout: 120_000 });
    for (const service of ['registry', 'proposals', 'events', 'notifications']) {
      assert.equal(
        await page.locator(`tr[data-service="${service}"]`).getAttribute('data-status'),
        'answered',
        `${service} has answered on the page`,
      );
    }
    const served = await api.call('registry', 'GET', `/v1/privacy-requests/${requestId}`, { as: ADMIN });
    assert.equal(served.status, 'completed');
    assert.deepEqual(served.pending, []);
    assert.deepEqual(await seriousViolations(page), [], 'axe: privacy request page');
    await screenshot(page, 'privacy-request-disclosure');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '開示文書をダウンロード (HTML)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `disclosure-${requestId}.html`);
    const saved = join(resultsDir, `disclosure-${requestId}.html`);
    await download.saveAs(saved);
    const html = readFileSync(saved, 'utf8');
    assert.match(html, /<html lang="ja">/);
    assert.ok(html.includes(person.email), 'the disclosure holds the person’s registry record');
    assert.ok(html.includes(person.familyName), 'the disclosure names the person');

    // the list shows it, completed, with every service answered
    await go(page, '/privacy?kind=disclosure&status=completed');
    const row = page.locator(`tr[data-request="${requestId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /4 \/ 4/);
    assert.deepEqual(await seriousViolations(page), [], 'axe: privacy requests list');
    await screenshot(page, 'privacy-requests');
    await page.close();
  });

  it('edits a person’s fields with If-Match, and a stale version gets “someone changed this; reload”', async () => {
    const [, person] = await seededPeople(2);
    const page = await browser.context.newPage();
    await logIn(page, ADMIN);
    await go(page, `/registry/people/${person.id}`);
    await page.getByRole('heading', { name: person.displayName }).waitFor();
    await page.getByRole('button', { name: '編集', exact: true }).click();
    const form = page.getByRole('form', { name: `${person.displayName} を編集` });
    const phone = `011-555-${String(Date.now() % 10_000).padStart(4, '0')}`;
    await form.getByRole('textbox', { name: '電話' }).fill(phone);
    await form.getByRole('textbox', { name: '英語名' }).fill(`E2E Person ${RUN}`);
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'detached' });
    const saved = await api.call('registry', 'GET', `/v1/people/${person.id}`, { as: ADMIN });
    assert.equal(saved.phone, phone);
    assert.equal(saved.nameEn, `E2E Person ${RUN}`);
    await page.getByText(`E2E Person ${RUN}`).waitFor();

    // someone else changes the person while the form is open: the save is refused with 412 in words
    await page.getByRole('button', { name: '編集', exact: true }).click();
    await form.getByRole('textbox', { name: '英語名' }).fill(`E2E Stale ${RUN}`);
    await api.call('registry', 'PATCH', `/v1/people/${person.id}`, {
      as: ADMIN,
      headers: { 'if-match': `"${saved.version}"` },
      body: { nameEn: `E2E Other ${RUN}` },
    });
    await form.getByRole('button', { name: '保存' }).click();
    const stale = form.getByRole('alert');
    await stale.waitFor();
    assert.match(await stale.textContent(), /他の人がこれを変更しました/);
    assert.deepEqual(await seriousViolations(page), [], 'axe: person edit form with a stale version');
    await screenshot(page, 'person-edit-stale');
    await stale.getByRole('button', { name: '再読み込み' }).click();
    // reloaded: the form starts again from what the registry holds now
    await page.waitForFunction((expected) => [...document.querySelectorAll('input')].some((i) => i.value === expected), `E2E Other ${RUN}`);
    const after = await api.call('registry', 'GET', `/v1/people/${person.id}`, { as: ADMIN });
    assert.equal(after.nameEn, `E2E Other ${RUN}`, 'the stale save changed nothing');
    await page.close();
  });
});
