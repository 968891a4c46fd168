import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failingTests, nxRuns, PAIRED } from './test-projects.mjs';

test('the failing tests of a run are found again at its end, by project (Jest, node --test, Vitest)', () => {
  const output = [
    '> nx run @collabo/calendar:test',
    'PASS src/a.spec.ts',
    'Tests:       81 passed, 81 total',
    '> nx run @collabo/notifications:test',
    '\u001b[0m\u001b[7m\u001b[1m\u001b[31m FAIL \u001b[39m\u001b[22m\u001b[27m\u001b[0m test/crash.e2e.test.ts',
    '  ● crash › sends once',
    'Summary of all failing tests',
    'FAIL test/crash.e2e.test.ts (12.3 s)',
    '  ● crash › sends once',
    '    expect(received).toBe(expected)',
    'Test Suites: 1 failed, 30 passed, 31 total',
    'Tests:       1 failed, 239 passed, 240 total',
    '> nx run @collabo/scripts:test',
    'ok 1 - starts',
    'not ok 2 - stops npm start at once',
    '> nx run console:test',
    ' FAIL  src/app.test.tsx > shows the list',
  ].join('\n');
  assert.deepEqual(failingTests(output), [
    '[@collabo/notifications]  FAIL  test/crash.e2e.test.ts',
    '[@collabo/notifications] Summary of all failing tests',
    '[@collabo/notifications] FAIL test/crash.e2e.test.ts (12.3 s)',
    '[@collabo/notifications]   ● crash › sends once',
    '[@collabo/notifications]     expect(received).toBe(expected)',
    '[@collabo/scripts] not ok 2 - stops npm start at once',
    '[console]  FAIL  src/app.test.tsx > shows the list',
  ]);
});

test('a run that passed has nothing to repeat', () => {
  assert.deepEqual(failingTests('> nx run @collabo/calendar:test\nPASS src/a.spec.ts\nok 1 - fine\n'), []);
});

test('the libraries and services run two at a time, every other project one at a time, and arguments make one run', () => {
  const [paired, rest, ...more] = nxRuns([]);
  assert.equal(more.length, 0);
  assert.deepEqual(paired.slice(paired.indexOf('-p') + 1), PAIRED);
  assert.ok(paired.includes('--parallel=2'));
  assert.ok(rest.includes('--parallel=1'));
  assert.ok(rest.includes(`--exclude=${PAIRED.join(',')}`));
  const withArgs = nxRuns(['-p', '@collabo/registry']);
  assert.equal(withArgs.length, 1);
  assert.deepEqual(withArgs[0].slice(-3), ['--parallel=1', '-p', '@collabo/registry']);
  assert.ok(!withArgs[0].some((a) => a.startsWith('--exclude')));
});

test('the projects that run two at a time are the workspace packages that CI tests again on Node 24', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const names = ['libs', 'services'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((d) => existsSync(join(root, dir, d, 'package.json')))
      .map((d) => JSON.parse(readFileSync(join(root, dir, d, 'package.json'), 'utf8')).name),
  );
  for (const project of PAIRED) assert.ok(names.includes(project), `${project} is a package of libs/ or services/`);
  const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
  const node24 = ci.slice(ci.indexOf('-t test')).match(/@collabo\/[\w-]+/g);
  assert.deepEqual([...node24].sort(), [...PAIRED].sort());
});
