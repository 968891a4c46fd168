// Issue #17's check-in at the door with the phone's camera, in the browser on the demo data: a guest registered
// through the events API, their check-in token drawn as a QR code into a YUV4MPEG2 video that a chromium of this
// file's own plays as its camera (--use-file-for-fake-video-capture), the check-in screen at a phone's size, the
// "scan with the camera" button pressed: the page says the guest is checked in and the events API shows them
// attended; stopping the camera ends its tracks. The same platform as the other browser tests
// (CONSOLE_E2E_PLATFORM, as `npm test` runs it), or one of its own when run alone:
//   npx vite build && node --test e2e/check-in-camera.e2e.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import QRCode from 'qrcode';
import { ADMIN, createEvent, launchBrowser, screenshot, seriousViolations, suitePlatform } from './helpers.mjs';

/**
 * A YUV4MPEG2 video (I420: for each frame a Y plane, then U and V at half the width and height) of `text`'s QR
 * code: `scale` px per module, centred (the light rest of the frame is the quiet zone), dark modules Y=16, light
 * Y=235, no colour (U=V=128). Chromium's fake camera plays it in a loop.
 */
export function qrCodeVideo(text, { width = 640, height = 480, frames = 10, scale = 6 } = {}) {
  const { modules } = QRCode.create(text);
  const side = modules.size * scale;
  assert.ok(side + 8 * scale <= Math.min(width, height), 'the code and its quiet zone fit in the frame');
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const y = Buffer.alloc(width * height, 235);
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++)
        y.fill(16, (top + row * scale + dy) * width + left + col * scale, (top + row * scale + dy) * width + left + (col + 1) * scale);
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

let suite;
let api;
let workDir;
let browser;

before(async () => {
  suite = await suitePlatform();
  ({ api } = suite);
  workDir = mkdtempSync(join(tmpdir(), 'console-e2e-camera-'));
});

after(async () => {
  await browser?.context.close().catch(() => undefined);
  if (browser) rmSync(browser.userDataDir, { recursive: true, force: true });
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await suite?.stop();
});

/** Debian's chromium with a fake camera playing `video` and the camera allowed, at a phone's size. */
function launchCameraBrowser(video) {
  return launchBrowser({
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    permissions: ['camera'],
    viewport: { width: 390, height: 844 },
  });
}

describe('check-in with the camera on a phone', () => {
  it('reads a registered guest’s QR code with the camera and checks them in; stopping ends the camera’s tracks', async () => {
    const event = await createEvent(api, {
      kind: 'seminar',
      title: { ja: '昆布の受付カメラ試験 (e2e)', en: 'Kombu camera check-in (e2e)' },
      capacity: 10,
      admission: 'first_come',
      daysAhead: 45,
    });
    const registration = await api.call('events', 'POST', `/v1/events/${event.id}/registrations`, {
      as: ADMIN,
      body: {
        guest: {
          name: '厚岸 七海',
          organizationName: '厚岸町役場',
          email: 'camera.e2e@guest.example',
          language: 'ja',
          consentToList: false,
        },
      },
    });
    assert.equal(registration.status, 'confirmed');
    assert.match(registration.checkInToken, /^[0-9A-Z]{26}$/);

    const video = join(workDir, 'check-in-qr.y4m');
    writeFileSync(video, qrCodeVideo(registration.checkInToken));
    browser = await launchCameraBrowser(video);
    const page = await browser.context.newPage();
    await page.goto(`${suite.server.url}/events/${event.id}/check-in`);
    await page.getByLabel('メールアドレス').fill(ADMIN.email);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: '受付（チェックイン）' }).waitFor();
    assert.equal(await page.evaluate(() => window.isSecureContext), true, 'http://127.0.0.1 is a secure context');

    const answers = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith(`/api/events/v1/events/${event.id}/check-ins`)) answers.push(r.status());
    });
    await page.getByRole('button', { name: 'カメラで読み取る' }).click();
    await page.getByRole('button', { name: 'カメラを止める' }).waitFor();
    await page.getByTestId('check-in-result').filter({ hasText: '厚岸 七海 さんを受け付けました。' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(answers, [200], 'one check-in sent for the code in view');
    const checkedIn = await api.call('events', 'GET', `/v1/registrations/${registration.id}`, { as: ADMIN });
    assert.equal(checkedIn.status, 'attended');
    assert.ok(checkedIn.checkedInAt, 'the service recorded when');
    await page.getByRole('region', { name: '最近の受付' }).getByText('厚岸 七海').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe: check-in screen with the camera on');
    await screenshot(page, 'check-in-camera-phone');

    // Stop: the camera's tracks end (the phone's camera light goes out) and the scan button is back.
    await page.evaluate(() => {
      window.cameraStream = document.querySelector('video').srcObject;
    });
    assert.equal(await page.evaluate(() => window.cameraStream.getVideoTracks()[0].readyState), 'live');
    await page.getByRole('button', { name: 'カメラを止める' }).click();
    await page.getByRole('button', { name: 'カメラで読み取る' }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.cameraStream.getTracks().map((t) => t.readyState)), ['ended']);
    assert.equal(await page.evaluate(() => document.querySelector('video').srcObject), null);
    assert.deepEqual(answers, [200], 'still one check-in');
    assert.deepEqual(await seriousViolations(page), [], 'axe: check-in screen with the camera stopped');
    await page.close();
  });
});
