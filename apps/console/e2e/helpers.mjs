// The browser and the platform's own APIs for the console's end-to-end tests.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { launchPlatform, loadLauncher, seedDemo, serveConsole } from './platform.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const resultsDir = join(here, '..', 'test-results');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Debian's chromium (browser downloads are not possible here), headless, in a new empty profile; `args`,
 * `viewport` and `permissions` for a browser of its own (e.g. a fake camera at a phone's size).
 */
export async function launchBrowser({ args = [], viewport = { width: 1280, height: 860 }, permissions } = {}) {
  mkdirSync(resultsDir, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'console-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
    ...(permissions ? { permissions } : {}),
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  return { context, userDataDir };
}

/**
 * axe-core in the page: the serious and critical violations (none is the bar). `iframes: false` leaves frames out
 * (an email shown as sent is in a sandboxed frame where no script may run, so axe cannot enter it).
 */
export async function seriousViolations(page, { iframes = true } = {}) {
  // Evaluated (not a <script> tag): the console's Content-Security-Policy rightly refuses inline scripts.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    async (withFrames) => window.axe.run(document, { iframes: withFrames, resultTypes: ['violations'] }),
    iframes,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: false });
}

/** JSON from a service as a given user (the tests' own look at what the platform holds). */
export function serviceApi(platformUrls) {
  const tokens = new Map();
  async function token(email, password) {
    const key = `${email}`;
    if (!tokens.has(key)) {
      const res = await fetch(`${platformUrls.registry}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
      tokens.set(key, (await res.json()).accessToken);
    }
    return tokens.get(key);
  }
  async function call(service, method, path, { as, body, headers = {} } = {}) {
    const res = await fetch(`${platformUrls[service]}${path}`, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${await token(as.email, as.password)}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${service}${path}: ${res.status} ${text.slice(0, 500)}`);
    return json;
  }
  return { token, call };
}

/**
 * Creates an event through the events API as the admin and publishes it: organised by the demo seed's first
 * organisation named with 昆布, at the centre's exchange space, starting `daysAhead` days from now for two hours,
 * free, in Japanese; `registrationClosesDaysBefore` closes registration that many days before the start. `kind`,
 * `title`, `capacity` and `admission` as the test needs them. Answers the event as created.
 */
export async function createEvent(api, { kind, title, capacity, admission, daysAhead, registrationClosesDaysBefore }) {
  const organizations = await api.call('registry', 'GET', '/v1/organizations?q=%E6%98%86%E5%B8%83&limit=1', { as: ADMIN });
  const startsAt = new Date(Date.now() + daysAhead * 86_400_000);
  const event = await api.call('events', 'POST', '/v1/events', {
    as: ADMIN,
    body: {
      kind,
      title,
      organizerId: organizations.items[0].id,
      venue: { kind: 'centre', name: 'コラボほっかいどう 交流スペース', capacity: 40 },
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      ...(registrationClosesDaysBefore === undefined
        ? {}
        : { registrationClosesAt: new Date(startsAt.getTime() - registrationClosesDaysBefore * 86_400_000).toISOString() }),
      capacity,
      admission,
      feeYen: 0,
      partyFeeYen: 0,
      language: 'ja',
    },
  });
  await api.call('events', 'POST', `/v1/events/${event.id}/publish`, { as: ADMIN, headers: { 'if-match': `"${event.version}"` } });
  return event;
}

/** The mail catcher's messages (MailDev's API). */
export async function mails(mailWebUrl) {
  const res = await fetch(new URL('api/email', mailWebUrl));
  if (!res.ok) throw new Error(`MailDev: ${res.status}`);
  return res.json();
}

/**
 * Polls until `check` answers something (neither `undefined` nor `false`): libs/testing's `eventually`, the one the
 * platform tests use, every 250 ms. No timing is asserted; the deadline only ends a hopeless wait.
 */
const { eventually: poll } = await loadLauncher();
export function eventually(check, what, timeoutMs = 60_000) {
  return poll(check, what, timeoutMs, 250);
}

export const log = (line) => process.stdout.write(`# ${line}\n`);

/** The demo seed's admin (scripts/seed-demo). */
export const ADMIN = { email: 'admin@collabo.example', password: 'collabo-admin-dev' };

/**
 * The seeded platform a test file runs against, and the console served in front of it: the one `npm test` launched
 * (CONSOLE_E2E_PLATFORM names its addresses), or, when a file runs alone, one of its own, launched and seeded here.
 * `stop()` stops what this call started.
 */
export async function suitePlatform() {
  let platform;
  let urls;
  if (process.env.CONSOLE_E2E_PLATFORM) {
    urls = JSON.parse(readFileSync(process.env.CONSOLE_E2E_PLATFORM, 'utf8'));
  } else {
    const started = Date.now();
    platform = await launchPlatform({ say: log });
    log(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    urls = Object.fromEntries(['registry', 'proposals', 'events', 'notifications'].map((s) => [s, platform.url(s)]));
    urls.mail = platform.mailWebUrl;
    const seeded = await seedDemo(platform);
    log(`demo seed loaded in ${seeded.seconds.toFixed(1)} s`);
  }
  const server = await serveConsole({ url: (s) => urls[s] });
  return {
    urls,
    api: serviceApi(urls),
    server,
    async stop() {
      await server.stop();
      await platform?.stop();
    },
  };
}

/** Logs `who` in through the login page of the console at `baseUrl`, landing on `path`. */
export async function logInAt(baseUrl, page, who, path = '/') {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('navigation', { name: 'Collabo スタッフコンソール' }).waitFor();
}

/**
 * Goes to a URL inside the application as a link would (the token lives in memory: a full page load is a new
 * session); the router follows the history change.
 */
export async function go(page, path) {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, path);
}

/** `visit(page, name, path, ready)`: goes to a screen, waits for `ready`, and keeps in `renderTimes` how long it took (reported, never asserted). */
export function visitRecordingInto(renderTimes) {
  return async (page, name, path, ready) => {
    const started = Date.now();
    await go(page, path);
    await ready();
    renderTimes[name] = Date.now() - started;
  };
}

/** No serious or critical axe violation on the screen. */
export async function assertAccessible(page, screen, options) {
  assert.deepEqual(await seriousViolations(page, options), [], `axe found serious/critical violations on ${screen}`);
}
