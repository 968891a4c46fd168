/** The permissions of each user of deploy/nats/auth.conf, read from the file (comments left out). */
import { readFileSync } from 'node:fs';
import { AUTH_CONF } from './nats-server.js';

export interface UserPermissions {
  publish: string[];
  subscribe: string[];
}

function quoted(block: string): string[] {
  return [...block.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

export function permissionsOf(user: string, conf = readFileSync(AUTH_CONF, 'utf8')): UserPermissions {
  const text = conf.replace(/#.*$/gm, '');
  const start = text.search(new RegExp(`\\buser:\\s*${user}\\b`));
  if (start < 0) throw new Error(`auth.conf has no user ${user}`);
  const next = text.slice(start + 1).search(/\buser:\s*/);
  const block = next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
  const publish = /publish:\s*\{\s*allow:\s*\[([\s\S]*?)\]/.exec(block)?.[1] ?? '';
  const subscribe = /subscribe:\s*\{\s*allow:\s*\[([\s\S]*?)\]/.exec(block)?.[1] ?? '';
  return { publish: quoted(publish), subscribe: quoted(subscribe) };
}

export interface GrantedConsumer {
  stream: string;
  durable: string;
  subject: string;
}

/** The durable consumers a user may create: `$JS.API.CONSUMER.CREATE.<stream>.<durable>.<filter subject>` lines. */
export function grantedConsumers(user: string): GrantedConsumer[] {
  return permissionsOf(user)
    .publish.map((s) => /^\$JS\.API\.CONSUMER\.CREATE\.([^.]+)\.([^.]+)\.(.+)$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ stream: m[1]!, durable: m[2]!, subject: m[3]! }))
    .sort((a, b) => a.durable.localeCompare(b.durable));
}
