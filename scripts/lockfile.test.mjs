// Supply-chain guard: `npm ci` installs exactly what package-lock.json names and checks each tarball against the
// integrity hash recorded there. That guard only holds if every package in the lockfile has such a hash; this
// test fails when one is added without (a hand-edited lockfile, a git or file dependency, a stripped hash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));

test('the lockfile is version 3 and lists the installed packages', () => {
  assert.equal(lock.lockfileVersion, 3);
  assert.ok(Object.keys(lock.packages).length > 100);
});

test('every third-party package in the lockfile is pinned by version and a sha512 integrity hash', () => {
  const unpinned = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.link || !path.includes('node_modules/')) continue; // the root and the workspaces
    if (typeof entry.version !== 'string' || !/^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity ?? '')) unpinned.push(path);
  }
  assert.deepEqual(unpinned, []);
});

test('no dependency is taken from git, a file path or a URL instead of the registry', () => {
  const odd = Object.entries(lock.packages)
    .filter(([path, entry]) => path.includes('node_modules/') && !entry.link)
    .filter(([, entry]) => typeof entry.resolved === 'string' && !/^https:\/\/[^/]+\/.+\.tgz$/.test(entry.resolved))
    .map(([path]) => path);
  assert.deepEqual(odd, []);
});
