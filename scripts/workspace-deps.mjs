#!/usr/bin/env node
// Every workspace declares what it uses and uses what it declares (part of `npm run lint`).
// dependency-cruiser (`.dependency-cruiser.cjs`, rule `declared-dependencies`) already fails an import of a
// package that the importing workspace's package.json does not name; this script finds the other half:
// a dependency a workspace names but no file of it imports (left behind after a refactor, it still ships
// in the images and widens the supply chain). Type packages count as used when their package is.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Packages used by a tool named in a script or config rather than imported (the name is enough). */
const USED_BY_TOOLS = new Set(['@swc/core', '@swc/jest', 'jest', 'typescript', 'ts-node', 'tslib']);
const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'coverage', 'test-results', '.collabo']);

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...files(path));
    else if (SOURCE.test(name) || name === 'package.json' || name === 'Dockerfile') out.push(path);
  }
  return out;
}

function workspaces() {
  const dirs = [];
  for (const pattern of rootPackage.workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      for (const name of readdirSync(parent))
        if (statSync(join(parent, name, 'package.json'), { throwIfNoEntry: false })) dirs.push(join(parent, name));
    } else dirs.push(join(root, pattern));
  }
  return dirs;
}

/** The package an import specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The peer dependencies of a package: a workspace that uses the package must provide them. */
function peersOf(name) {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return Object.keys(pkg.peerDependencies ?? {});
  } catch {
    return [];
  }
}

const problems = [];
for (const dir of workspaces()) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies });
  const used = new Set();
  let text = '';
  for (const file of files(dir)) {
    const content = readFileSync(file, 'utf8');
    if (file.endsWith('package.json')) {
      // scripts name their tools (`jest`, `tsc`, `node --import x`)
      text += JSON.stringify(JSON.parse(content).scripts ?? {});
      continue;
    }
    text += content;
    for (const m of content.matchAll(IMPORT)) {
      const name = packageOf(m[1] ?? m[2] ?? m[3] ?? m[4]);
      if (name) used.add(name);
    }
  }
  const peers = new Set([...used].flatMap(peersOf));
  for (const name of declared) {
    if (used.has(name) || USED_BY_TOOLS.has(name) || peers.has(name)) continue;
    // another workspace of this repository as a dev dependency: the build order (Nx builds it first), e.g. the
    // platform tests and the load runner start the services' built dist/main.js
    if (name.startsWith('@collabo/') && pkg.devDependencies?.[name]) continue;
    if (name.startsWith('@types/')) {
      const of = name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
      if (used.has(of) || of === 'node' || of === 'jest') continue;
    }
    // a package referred to by name in the sources or scripts (a binary, a path under node_modules, a preload)
    if (text.includes(`'${name}'`) || text.includes(`"${name}"`) || text.includes(`node_modules/${name}/`) || text.includes(`${name} `))
      continue;
    problems.push(`${relative(root, dir)}: declares ${name} but nothing in it uses it`);
  }
}

if (problems.length > 0) {
  process.stderr.write(
    `${problems.join('\n')}\n${problems.length} unused declared dependencies (remove them, or name the tool that uses them)\n`,
  );
  process.exit(1);
}
process.stdout.write(`workspace dependencies: every declared dependency is used (${workspaces().length} workspaces)\n`);
