import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenApiDocument } from '@collabo/service-kit/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { startHarness, type Harness } from './support/harness.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The path parameters that are not ids (the fiscal-year report's year). */
const NOT_IDS = new Set(['year']);

describe('ids in paths', () => {
  let h: Harness;
  let document: OpenApiDocument;

  beforeAll(async () => {
    h = await startHarness();
    document = (await request(h.svc.http).get('/docs-json')).body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every id in a path is documented as a uuid (so every one is checked by the kit’s @IdParam)', () => {
    const undocumented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => p.in === 'path' && !NOT_IDS.has(p.name) && p.schema?.format !== 'uuid')
          .map((p) => `${method.toUpperCase()} ${path} ${p.name}`),
      ),
    );
    expect(undocumented).toEqual([]);
  });

  it('a malformed id on any route answers 400 COMMON.VALIDATION_FAILED naming the parameter, staff and public routes alike', async () => {
    const bearer = `Bearer ${await h.token('admin')}`;
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ids = (op.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.format === 'uuid').map((p) => p.name);
        for (const name of ids) {
          // The other ids well-formed, a registrant token in the query for the public self-service routes.
          const url = `${path.replace(/\{(\w+)\}/g, (_all, param: string) => (param === name ? 'not-a-uuid' : uuidv7()))}?token=${'A'.repeat(26)}`;
          const res = await request(h.svc.http)[method as Method](url).set('authorization', bearer);
          answers.push([
            `${method.toUpperCase()} ${path} ${name}`,
            res.status,
            res.headers['content-type'],
            res.body.code,
            res.body.errors,
          ]);
          expected.push([
            `${method.toUpperCase()} ${path} ${name}`,
            400,
            expect.stringContaining('application/problem+json'),
            'COMMON.VALIDATION_FAILED',
            [{ field: name, message: 'must be a UUID' }],
          ]);
        }
      }
    }
    // Every controller of the service has id routes: staff and public events, registrations, seat offers,
    // lottery, seating, after the event, follow-ups, reports (and the kit's dead letters).
    expect(answers.length).toBeGreaterThanOrEqual(40);
    expect(answers).toEqual(expected);
  });
});
