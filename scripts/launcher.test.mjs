// The failure paths of `npm start` (start.mjs and launcher.mjs), run for real: a taken port, a broken
// embedded Postgres, and the address at which MailDev's page works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LaunchError, checkServicePorts, startEmbeddedPostgres, startMailDev } from './launcher.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function listen() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

test('a service port that is taken stops npm start at once, with the port named, before anything is started', async () => {
  const blocker = await listen();
  const { port } = blocker.address();
  const state = mkdtempSync(join(tmpdir(), 'collabo-start-'));
  try {
    const started = Date.now();
    const res = await run(['--no-build', '--only', 'registry'], { REGISTRY_PORT: String(port), COLLABO_STATE_DIR: state });
    assert.equal(res.code, 1);
    assert.match(res.err, new RegExp(`port ${port} for registry is taken by another process`));
    assert.match(res.err, /REGISTRY_PORT=<port> npm start/);
    assert.ok(Date.now() - started < 20_000, 'it does not wait for the services to time out');
    // Nothing was started: no Postgres data, no NATS data.
    assert.deepEqual(readdirSync(state), []);
  } finally {
    blocker.close();
    rmSync(state, { recursive: true, force: true });
  }
});

test('checkServicePorts names the first taken port and passes free ones', async () => {
  const blocker = await listen();
  const { port } = blocker.address();
  try {
    await assert.rejects(
      checkServicePorts([{ name: 'events', port }]),
      (e) => e instanceof LaunchError && e.message.startsWith(`port ${port} for events is taken`),
    );
  } finally {
    blocker.close();
  }
  await checkServicePorts([{ name: 'events', port }]);
});

test('an embedded Postgres that cannot start is one line naming the cause and the log, and leaves no server running', async () => {
  const state = mkdtempSync(join(tmpdir(), 'collabo-pg-'));
  const dir = join(state, 'postgres');
  // A data directory that claims to be initialised but holds no cluster: the server refuses to start.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'PG_VERSION'), '18\n');
  try {
    await assert.rejects(startEmbeddedPostgres({ dir, preferredPort: 55_432 }), (e) => {
      assert.ok(e instanceof LaunchError, `a LaunchError, not ${e?.name}: ${e?.stack}`);
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /^Postgres: the embedded server did not start \(/);
      assert.match(e.message, new RegExp(`its log is ${dir}\\.log`));
      return true;
    });
    assert.ok(existsSync(`${dir}.log`));
    const left = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' });
    assert.equal(left.stdout.trim(), '', 'no postgres process is left on that data directory');
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('the mail catcher address npm start prints is the page root, where MailDev loads the emails', async () => {
  const mail = await startMailDev({ root, preferredSmtp: 0, preferredWeb: 0 });
  try {
    assert.match(mail.webUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A browser asks for HTML: the root answers the page with a <base href="/">, from which it finds its API.
    const page = await fetch(mail.webUrl, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<base href="\/" \/>/);
    const emails = await fetch(new URL('api/email', mail.webUrl));
    assert.equal(emails.status, 200);
    assert.ok(Array.isArray(await emails.json()));
    // /index.html is the bare file, without the <base>: the page then looks for its API under /index.html/api
    // and shows "Failed to load emails". That is why the root is printed.
    const bare = await fetch(new URL('index.html', mail.webUrl), { headers: { accept: 'text/html' } });
    assert.doesNotMatch(await bare.text(), /<base href=/);
  } finally {
    mail.child.kill('SIGTERM');
  }
});
