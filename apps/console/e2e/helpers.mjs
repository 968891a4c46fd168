// The browser and the platform's own APIs for the console's end-to-end tests.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadLauncher } from './platform.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const resultsDir = join(here, '..', 'test-results');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium (browser downloads are not possible here), headless, in a new empty profile. */
export async function launchBrowser() {
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
    ],
    viewport: { width: 1280, height: 860 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  return { context, userDataDir };
}

/** axe-core in the page: the serious and critical violations (none is the bar). */
export async function seriousViolations(page) {
  // Evaluated (not a <script> tag): the console's Content-Security-Policy rightly refuses inline scripts.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
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
