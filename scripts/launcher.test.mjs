// The failure path of `npm start` as a developer meets it, run for real: a taken port. The launcher's own
// failure paths (a broken embedded Postgres, MailDev's page address, a service exiting at start-up) are
// tested with the launcher, in libs/testing/test/launcher.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    // Nothing was started: no Postgres data, no NATS data, no signing key.
    assert.deepEqual(readdirSync(state), []);
  } finally {
    blocker.close();
    rmSync(state, { recursive: true, force: true });
  }
});

test('a Postgres that does not answer stops npm start with one line naming the database, and nothing is left running', async () => {
  const state = mkdtempSync(join(tmpdir(), 'collabo-start-'));
  const blocker = await listen();
  // A port nothing answers on: taken, then freed.
  const { port } = blocker.address();
  await new Promise((resolve) => blocker.close(resolve));
  try {
    const res = await run(['--no-build', '--only', 'registry'], {
      COLLABO_STATE_DIR: state,
      DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/postgres`,
      REGISTRY_PORT: '0',
    });
    assert.equal(res.code, 1);
    const line = res.err.trim();
    assert.doesNotMatch(line, /\n/);
    assert.match(
      line,
      new RegExp(
        `Postgres: cannot reach or create registry's database at postgres://postgres@127\\.0\\.0\\.1:${port}/collabo_registry \\(ECONNREFUSED\\)`,
      ),
    );
    assert.doesNotMatch(line, /secret/, 'the password is not printed');
    assert.match(res.out, /stopped\./);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
