#!/usr/bin/env node
// The registry's token signing keys (AUTH_SIGNING_KEYS: a JSON array of private JWKs; the first one
// signs, all of them are published at /.well-known/jwks.json). Rotation without logging anyone out:
//
//   node deploy/scripts/signing-keys.mjs <namespace> list            kids, in order (the first signs)
//   node deploy/scripts/signing-keys.mjs <namespace> add             a new Ed25519 key, published, not signing yet
//   node deploy/scripts/signing-keys.mjs <namespace> promote <kid>   that key signs from now on
//   node deploy/scripts/signing-keys.mjs <namespace> retire <kid>    drop a key (after the token lifetime)
//   node deploy/scripts/signing-keys.mjs generate                    print a one-key array (scripts/create-secrets.sh)
//
// Each change edits the Secret collabo-registry-auth through kubectl (private keys never printed) and must
// be followed by `kubectl -n <namespace> rollout restart deployment/registry`. deploy/README.md has the sequence.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const SECRET = 'collabo-registry-auth';
const KEY = 'AUTH_SIGNING_KEYS';

/** A new private Ed25519 JWK with a dated, unique kid. */
export function newSigningKey(now = new Date()) {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return { ...jwk, kid: `collabo-${stamp}-${Math.random().toString(16).slice(2, 8)}`, alg: 'EdDSA', use: 'sig' };
}

function kids(keys) {
  return keys.map((k) => k.kid);
}

/** The key list after one step; throws on a step that would break sign-in. */
export function applyStep(keys, step, kid, now = new Date()) {
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${KEY} holds no key`);
  if (step === 'add') return [...keys, newSigningKey(now)];
  const index = keys.findIndex((k) => k.kid === kid);
  if (index < 0) throw new Error(`no key ${kid} (keys: ${kids(keys).join(', ')})`);
  if (step === 'promote') return [keys[index], ...keys.filter((_, i) => i !== index)];
  if (step === 'retire') {
    if (index === 0) throw new Error(`${kid} signs the tokens: promote another key first`);
    return keys.filter((_, i) => i !== index);
  }
  throw new Error(`unknown step ${step}`);
}

function kubectl(namespace, args, input) {
  return execFileSync('kubectl', ['-n', namespace, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'inherit'] });
}

function readKeys(namespace) {
  const encoded = kubectl(namespace, ['get', 'secret', SECRET, '-o', `jsonpath={.data.${KEY}}`]);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
}

function writeKeys(namespace, keys) {
  const patch = JSON.stringify({ data: { [KEY]: Buffer.from(JSON.stringify(keys)).toString('base64') } });
  // The patch goes through stdin: the keys never appear on a command line.
  kubectl(namespace, ['patch', 'secret', SECRET, '--type', 'merge', '--patch-file', '/dev/stdin'], patch);
}

function main(argv) {
  if (argv[0] === 'generate') {
    process.stdout.write(JSON.stringify([newSigningKey()]));
    return;
  }
  const [namespace, step, kid] = argv;
  if (!namespace || !['list', 'add', 'promote', 'retire'].includes(step)) {
    process.stderr.write('usage: signing-keys.mjs <namespace> list|add|promote <kid>|retire <kid>  |  signing-keys.mjs generate\n');
    process.exit(2);
  }
  const keys = readKeys(namespace);
  if (step !== 'list') {
    const next = applyStep(keys, step, kid);
    writeKeys(namespace, next);
    process.stdout.write(`${step}: done. Now: kubectl -n ${namespace} rollout restart deployment/registry\n`);
    process.stdout.write(`keys (the first signs): ${kids(next).join(', ')}\n`);
    return;
  }
  process.stdout.write(`keys (the first signs): ${kids(keys).join(', ')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`signing-keys: ${err.message}\n`);
    process.exit(1);
  }
}
