/**
 * What the services' code declares on NATS, read statically from services/<service>/src (the services are not
 * started or imported): the durable consumers (`@ConsumesEvent(Contract, { durable: '<name>' })`: the durable
 * name is written in code, never derived from a class name) and the RPC contracts each one requests
 * (`.request(<Contract>, ...)`). deploy/test/nats-permissions.test.ts holds deploy/nats/auth.conf to them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as contracts from '@collabo/contracts';
import { streamNameOf, serviceOf, type Subject } from '@collabo/contracts';
import { REPO_ROOT, type Service } from './paths.js';

export interface DeclaredConsumer {
  service: Service;
  durable: string;
  /** The consumer's filter subject (the contract's). */
  subject: string;
  /** The producer's stream. */
  stream: string;
  /** Where it is declared (repository-relative), for the failure message. */
  file: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function sourcesOf(service: Service): { file: string; text: string }[] {
  return sourceFiles(path.join(REPO_ROOT, 'services', service, 'src')).map((full) => ({
    file: path.relative(REPO_ROOT, full),
    text: readFileSync(full, 'utf8'),
  }));
}

/** The subject of a contract exported by @collabo/contracts under `name` (a retired contract is an error). */
function subjectOfContract(name: string, where: string): Subject {
  const contract = (contracts as unknown as Record<string, { subject?: unknown }>)[name];
  if (typeof contract?.subject !== 'string') throw new Error(`${where}: ${name} is not a contract exported by @collabo/contracts`);
  return contract.subject as Subject;
}

/** The text between the parenthesis at `open` and its match. */
function argumentsAt(text: string, open: number): { args: string; end: number } {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return { args: text.slice(open + 1, i), end: i + 1 };
  }
  throw new Error('unbalanced parentheses');
}

function declared(service: Service, contractName: string, durable: string, file: string): DeclaredConsumer {
  const subject = subjectOfContract(contractName, file);
  return { service, durable, subject, stream: streamNameOf(serviceOf(subject)), file };
}

export function declaredConsumers(service: Service): DeclaredConsumer[] {
  const found: DeclaredConsumer[] = [];
  for (const { file, text } of sourcesOf(service)) {
    for (const match of text.matchAll(/@ConsumesEvent\(/g)) {
      const { args } = argumentsAt(text, match.index + match[0].length - 1);
      const contractName = /^\s*([A-Za-z_$][\w$]*)/.exec(args)?.[1];
      const durable = /\bdurable:\s*(['"])([^'"]+)\1/.exec(args)?.[2];
      if (!contractName || !durable)
        throw new Error(`${file}: cannot read the @ConsumesEvent(${args}) declaration (a contract and a literal durable name)`);
      found.push(declared(service, contractName, durable, file));
    }
    // Consumers declared as data: `defineConsumer(Contract, 'durable-name', Handler)` (the kit's ServiceDefinition.eventConsumers).
    for (const match of text.matchAll(/\bdefineConsumer\(/g)) {
      const { args } = argumentsAt(text, match.index + match[0].length - 1);
      const literal = /^\s*([A-Za-z_$][\w$]*)\s*,\s*(['"])([^'"]+)\2/.exec(args);
      if (!literal) throw new Error(`${file}: cannot read defineConsumer(${args}): write the contract and the durable name as a literal`);
      found.push(declared(service, literal[1]!, literal[3]!, file));
    }
  }
  return found.sort((a, b) => a.durable.localeCompare(b.durable));
}

/** The RPC subjects the service's code requests through the kit's RpcClient (`.request(Contract, ...)`). */
export function requestedRpcSubjects(service: Service): string[] {
  const subjects = new Set<string>();
  for (const { file, text } of sourcesOf(service)) {
    for (const match of text.matchAll(/\.request(?:<[^>]*>)?\(\s*([A-Z][\w$]*)\s*,/g)) subjects.add(subjectOfContract(match[1]!, file));
  }
  return [...subjects].sort();
}
