import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * Property-based hostile-input tests generated from a service's own OpenAPI document: every operation
 * is hit with schema-shaped requests whose values are mutated into wrong types, huge strings and arrays,
 * deep nesting, NUL bytes, mixed scripts and emoji, SQL and HTML fragments, extreme numbers, invalid
 * dates and unknown fields. Each answer must be below 500; a 4xx must be problem+json and must leave
 * the database as it was.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  rawBody?: string;
}

export interface FuzzOptions {
  /** `svc.http` of a started test service. */
  http: Parameters<typeof request>[0];
  document: OpenApiDocument;
  /** A token that passes the guard (usually an admin's), so the fuzz reaches the code behind it. */
  token: string;
  /** Requests per operation. */
  runs?: number;
  /** Operations to leave out, as `METHOD /path/template`, with the reason in a comment at the call site. */
  skip?: string[];
  /** Values to try for path parameters besides random ones (e.g. ids of existing records, to reach deep code). */
  knownIds?: string[];
  /** When given, a 4xx must leave this fingerprint unchanged. */
  fingerprint?: () => Promise<string>;
  seed?: number;
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "' OR '1'='1' --",
  '"; DROP TABLE organizations; --',
  "1'; SELECT pg_sleep(0); --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '😀👍🏽🇯🇵',
  '北海道札幌市中央区北１条西２丁目',
  'ﾎｯｶｲﾄﾞｳ',
  'Ｈｏｋｋａｉｄｏ',
  '\uFEFFBOM',
  '\uD800',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '1e309',
  '-1',
  '0x1F',
  '2003-02-30',
  '9999-99-99T99:99:99Z',
  '2003-03-31T23:30:00+25:00',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '\r\nX-Injected: 1',
  'x'.repeat(5000),
  'ア'.repeat(20000),
];

const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Values of the wrong kind, or at the edges of the right kind. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 0, -0, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(deep(60)) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 5000 }, (_, i) => i)) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 200 }, () => 'x'.repeat(200))) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }) },
);

function resolve(schema: Schema | undefined, doc: OpenApiDocument, depth = 0): Schema {
  if (!schema || depth > 10) return {};
  if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(s, doc, depth + 1));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  return schema;
}

/** A value shaped like the schema (mostly valid), which the mutator then spoils. */
function shaped(schema: Schema | undefined, doc: OpenApiDocument, knownIds: string[], depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (depth > 4) return fc.constant(null);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.oneOf?.length || s.anyOf?.length) return shaped((s.oneOf ?? s.anyOf)![0], doc, knownIds, depth + 1);
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return knownIds.length ? fc.oneof(fc.uuid(), fc.constantFrom(...knownIds)) : fc.uuid();
      if (s.format === 'date-time')
        return fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date')
        return fc
          .date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'email') return fc.emailAddress();
      return fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 10_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 10_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(shaped(s.items, doc, knownIds, depth + 1), { maxLength: 3 });
    case 'object':
    default: {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length) return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
      return fc.record(Object.fromEntries(keys.map((k) => [k, shaped(props[k], doc, knownIds, depth + 1)])), {
        requiredKeys: s.required?.filter((k) => keys.includes(k)) ?? [],
      });
    }
  }
}

/** Spoils a shaped value: replaces fields with nasty ones, drops required ones, adds unknown ones. */
function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: base },
    {
      weight: 5,
      arbitrary: fc
        .tuple(base, fc.array(fc.tuple(fc.nat(20), nastyValue), { minLength: 1, maxLength: 3 }), fc.option(nastyValue))
        .map(([value, edits, unknown]) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return edits[0]![1];
          const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
          const keys = Object.keys(copy);
          for (const [i, nasty] of edits) {
            if (keys.length && i % 4 !== 3) copy[keys[i % keys.length]!] = nasty;
            else if (keys.length) delete copy[keys[i % keys.length]!];
          }
          if (unknown !== null) copy['unknownField'] = unknown;
          return copy;
        }),
    },
    { weight: 1, arbitrary: nastyValue },
  );
}

function operationArbitrary(
  method: string,
  template: string,
  op: Operation,
  doc: OpenApiDocument,
  options: FuzzOptions,
): fc.Arbitrary<FuzzedRequest> {
  const knownIds = options.knownIds ?? [];
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const pathArb = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        fc.oneof(
          shaped(p.schema, doc, knownIds).map(String),
          ...(knownIds.length ? [fc.constantFrom(...knownIds)] : []),
          fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 300 && s !== '')),
        ),
      ]),
    ),
  );
  const queryArb = fc.record(
    {
      ...Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(shaped(p.schema, doc, knownIds), nastyValue).map(queryString)])),
      unknownParam: nastyValue.map(queryString),
    },
    { requiredKeys: [] },
  );
  const headerArb = fc.record(
    {
      'if-match': fc.oneof(
        fc.constantFrom('"1"', '"0"', '*', 'W/"2"', '"-1"', 'garbage', '"99999999999999999999"'),
        fc.string({ maxLength: 20 }),
      ),
      'x-correlation-id': fc.constantFrom('ok-1', '<script>', 'x'.repeat(300), '\u00e9'),
      'accept-language': fc.constantFrom('ja', 'en', '*', 'zz-ZZ'),
    },
    { requiredKeys: [] },
  );
  const bodyArb = bodySchema ? mutated(shaped(bodySchema, doc, knownIds)) : fc.oneof(fc.constant(undefined), nastyValue);
  const rawArb = fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('{"unterminated":', '\u0000\u0001', 'not json at all', '['.repeat(5000), '{"a":1,"a":2}') },
  );
  return fc.tuple(pathArb, queryArb, headerArb, bodyArb, rawArb).map(([path, query, headers, body, rawBody]) => {
    let url = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodePathSegment(String(path[name] ?? 'x')));
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]).toString();
    if (qs) url += `?${qs}`;
    const cleanHeaders = Object.fromEntries(
      Object.entries(headers).filter(([, v]) => typeof v === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(v)),
    ) as Record<string, string>;
    return { method, url, headers: cleanHeaders, body, rawBody };
  });
}

/** Percent-encodes a path segment; a lone surrogate goes out as the invalid UTF-8 bytes it would be. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

/** JSON text of any generated value (fast-check may produce a BigInt deep inside). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
}

function queryString(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // Mostly short enough to reach the route; now and then long enough for Node's header limit (431).
  const text = typeof value === 'string' ? value : toJson(value);
  const cap = text.charCodeAt(0) % 10 === 0 ? 20_000 : 2_000;
  return text.length > cap ? text.slice(0, cap) : text;
}

export interface FuzzReport {
  operations: number;
  requests: number;
  byStatus: Record<string, number>;
}

/** fast-check's default report prints the whole counterexample; with 20 kB URLs that drowns the error. */
function briefReporter(details: fc.RunDetails<[FuzzedRequest]>): void {
  if (!details.failed) return;
  const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`fuzz failed (seed ${details.seed}, path ${details.counterexamplePath}): ${reason.slice(0, 1500)}`);
}

export async function fuzzHttpApi(options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { operations: 0, requests: 0, byStatus: {} };
  const skip = new Set(options.skip ?? []);
  for (const [template, ops] of Object.entries(options.document.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const key = `${method.toUpperCase()} ${template}`;
      if (skip.has(key)) continue;
      report.operations++;
      await fc.assert(
        fc.asyncProperty(operationArbitrary(method, template, op, options.document, options), async (req) => {
          if (process.env['FUZZ_DEBUG']) process.stderr.write(`FUZZ ${key} ${req.url.slice(0, 80)}\n`);
          const before = options.fingerprint ? await options.fingerprint() : undefined;
          let call = request(options.http)[method as 'get'](req.url).set('authorization', `Bearer ${options.token}`);
          for (const [h, v] of Object.entries(req.headers)) call = call.set(h, v);
          if (req.rawBody !== undefined) call = call.set('content-type', 'application/json').send(req.rawBody);
          else if (req.body !== undefined && method !== 'get') call = call.set('content-type', 'application/json').send(toJson(req.body));
          const res = await call;
          report.requests++;
          report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
          const where = `${key} -> ${res.status} for ${toJson(req).slice(0, 400)}`;
          if (res.status >= 500) throw new Error(`server error: ${where}: ${JSON.stringify(res.body).slice(0, 300)}`);
          if (res.status >= 400) {
            if (!String(res.headers['content-type']).startsWith('application/problem+json'))
              throw new Error(`4xx without problem+json: ${where}`);
            if (res.body?.status !== res.status) throw new Error(`problem document with a wrong status: ${where}`);
            if (options.fingerprint && (await options.fingerprint()) !== before)
              throw new Error(`a ${res.status} changed the database: ${where}`);
          }
        }),
        { numRuns: options.runs ?? 25, seed: options.seed, endOnFailure: true, reporter: briefReporter },
      );
    }
  }
  return report;
}

/**
 * A digest of the database's content, for "nothing is written on a 4xx". Tables that background work
 * changes on its own (workers, relays, counters kept on purpose) are left out by the caller.
 */
export function databaseFingerprint(dataSource: DataSource, exclude: string[] = []): () => Promise<string> {
  const skipped = new Set(['migrations', 'inbox', ...exclude]);
  let tables: string[] | undefined;
  return async () => {
    tables ??= (
      (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as { tablename: string }[]
    )
      .map((t) => t.tablename)
      .filter((t) => !skipped.has(t));
    const parts = await Promise.all(
      tables.map(async (t) => {
        // The outbox's published_at moves with the relay: count its rows instead of hashing them.
        const sql =
          t === 'outbox'
            ? `SELECT count(*)::text AS h FROM outbox`
            : `SELECT coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS h FROM "${t}" x`;
        const [{ h }] = await dataSource.query(sql);
        return `${t}:${h}`;
      }),
    );
    return parts.join('|');
  };
}
