import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { BaseEnv, EnvConfigError, loadEnv } from './config/env.js';
import { sanitizeCorrelationId } from './context/request-context.js';
import { OrganizationArchivedV1 } from '@collabo/contracts';
import {
  AppError,
  BadGatewayError,
  BadRequestError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from './errors/app-error.js';
import { toAppError, toProblem, toRpcErrorBody } from './errors/problem.js';
import { assertIfMatch, etagOf, versionFromIfMatch } from './http/etag.js';
import { ParseIdPipe } from './http/id-param.js';
import { ConsumesEvent, defineConsumer } from './jetstream/consumes-event.decorator.js';
import { DeadLetterConsumerUnknownError, DeadLetterNotFoundError, DeadLetterRedactedError } from './jetstream/dead-letter.errors.js';
import { ManualClock } from './testing/clock.js';
import { NatsNaming } from './nats/naming.js';
import { validatePayload } from './validation/validate.js';

class Address {
  @IsString() city!: string;
}
class Person {
  @IsString() name!: string;
  @IsInt() @Min(0) age!: number;
  @ValidateNested() @Type(() => Address) address!: Address;
}

describe('validatePayload', () => {
  it('names nested fields with a dotted path', () => {
    try {
      validatePayload(Person, { name: 3, age: -1, address: { city: 7 } });
      throw new Error('should have failed');
    } catch (err) {
      const fields = (err as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
      expect(fields).toEqual(['address.city', 'age', 'name']);
    }
  });

  it('refuses a payload that is not an object', () => {
    for (const payload of [null, 'x', 3, [1]]) expect(() => validatePayload(Person, payload)).toThrow(/JSON object|not valid/);
  });

  it('refuses unknown fields only when asked to', () => {
    const good = { name: 'a', age: 1, address: { city: 'Sapporo' } };
    expect(validatePayload(Person, { ...good, extra: 1 })).toBeInstanceOf(Person);
    expect(() => validatePayload(Person, { ...good, extra: 1 }, { forbidUnknown: true })).toThrow();
  });
});

describe('loadEnv', () => {
  it('applies the service defaults', () => {
    const env = loadEnv(BaseEnv, 'proposals', {});
    expect(env.PORT).toBe(3002);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/collabo_proposals');
  });

  it('refuses to start with a one-line reason naming every bad variable', () => {
    try {
      loadEnv(BaseEnv, 'registry', { PORT: 'eighty', DATABASE_URL: 'mysql://x', NATS_URL: 'http://nats' });
      throw new Error('should have failed');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvConfigError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/NATS_URL/);
    }
  });
});

describe('If-Match', () => {
  it('accepts the current ETag (weak or strong) and *', () => {
    expect(() => assertIfMatch('"3"', 3, 'x')).not.toThrow();
    expect(() => assertIfMatch('W/"3"', 3, 'x')).not.toThrow();
    expect(() => assertIfMatch('*', 3, 'x')).not.toThrow();
  });

  it('answers 428 without a header and 412 with a stale one', () => {
    expect(() => assertIfMatch(undefined, 3, 'x')).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => assertIfMatch('"2"', 3, 'x')).toThrow(expect.objectContaining({ status: 412 }));
    expect(etagOf(4)).toBe('"4"');
    expect(versionFromIfMatch('"12"')).toBe(12);
    expect(versionFromIfMatch('"1", "2"')).toBeUndefined();
  });
});

describe('errors', () => {
  it('keeps an AppError, with its extra members in the problem document', () => {
    const { appError, unexpected } = toAppError(new ConflictError('X.TAKEN', 'taken', { existingId: 'abc' }));
    expect(unexpected).toBe(false);
    expect(toProblem(appError, 'c1')).toMatchObject({
      status: 409,
      code: 'X.TAKEN',
      existingId: 'abc',
      correlationId: 'c1',
      type: 'urn:collabo:problem:x.taken',
    });
  });

  it('maps client-caused database errors to 4xx and everything unknown to a bare 500', () => {
    expect(toAppError({ driverError: { code: '23505' } }).appError.status).toBe(409);
    expect(toAppError({ code: '22P02' }).appError.status).toBe(400);
    expect(toAppError({ driverError: { code: '23502' } }).appError.status).toBe(400);
    expect(toAppError({ driverError: { code: '23514' } }).appError.status).toBe(400);
    expect(toAppError(new HttpException('nope', 404)).appError.status).toBe(404);
    expect(toAppError(new Error('timeout exceeded when trying to connect')).appError.status).toBe(503);
    expect(toAppError({ message: 'x', driverError: { code: '57P01' } }).appError.status).toBe(503);
    const unknown = toAppError(new Error('secret internals'));
    expect([unknown.appError.status, unknown.unexpected]).toEqual([500, true]);
    expect(unknown.appError.message).not.toContain('secret');
  });
});

describe('small helpers', () => {
  it('makes up correlation ids that are distinct UUID v7s led by the time they were made', () => {
    const before = Date.now();
    const ids = Array.from({ length: 2000 }, () => sanitizeCorrelationId(undefined));
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
    // Past the pool's 256 ids the random part keeps changing (the pool is drawn again, not reused).
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });

  it('accepts a sane correlation id and replaces anything else', () => {
    expect(sanitizeCorrelationId('abc-123')).toBe('abc-123');
    expect(sanitizeCorrelationId('<script>')).not.toBe('<script>');
    expect(sanitizeCorrelationId('x'.repeat(500))).toHaveLength(36);
    expect(sanitizeCorrelationId(undefined)).toHaveLength(36);
  });

  it('takes durable consumer names as written, and refuses one NATS or auth.conf could not carry', () => {
    expect(defineConsumer(OrganizationArchivedV1, 'proposals-update-references-on-organization-merged', class {} as never).durable).toBe(
      'proposals-update-references-on-organization-merged',
    );
    for (const bad of ['', 'Proposals-X', 'a.b', 'a b', 'a--b', '-a', 'a>', undefined]) {
      expect(() => ConsumesEvent(OrganizationArchivedV1, { durable: bad as string })).toThrow(/durable consumer name/);
    }
  });

  it('prefixes subjects and streams only in tests', () => {
    expect(new NatsNaming('').subject('a.b')).toBe('a.b');
    const naming = new NatsNaming('t1');
    expect(naming.subject('registry.evt.x.y.v1')).toBe('t1.registry.evt.x.y.v1');
    expect(naming.unprefix('t1.registry.evt.x.y.v1')).toBe('registry.evt.x.y.v1');
    expect(naming.stream('registry')).toBe('COLLABO_REGISTRY_T1');
  });
});

describe('the error family', () => {
  const cases: [AppError, number, string][] = [
    [new ValidationFailedError([{ field: 'name', message: 'required' }]), 400, 'COMMON.VALIDATION_FAILED'],
    [new BadRequestError('AUTH.SET_PASSWORD_LINK_INVALID', 'spent'), 400, 'AUTH.SET_PASSWORD_LINK_INVALID'],
    [new UnauthorizedError(), 401, 'AUTH.UNAUTHENTICATED'],
    [new ForbiddenError(), 403, 'AUTH.FORBIDDEN'],
    [new NotFoundError('X.NOT_FOUND', 'no x'), 404, 'X.NOT_FOUND'],
    [new ConflictError('X.TAKEN', 'taken'), 409, 'X.TAKEN'],
    [new GoneError('X.EXPIRED', 'expired'), 410, 'X.EXPIRED'],
    [new PreconditionFailedError('COMMON.PRECONDITION_FAILED', 'stale'), 412, 'COMMON.PRECONDITION_FAILED'],
    [new PayloadTooLargeError('X.TOO_MANY_ROWS', 'split it'), 413, 'X.TOO_MANY_ROWS'],
    [new UnsupportedMediaTypeError(), 415, 'COMMON.HTTP_415'],
    [new UnprocessableError('X.RULE', 'no'), 422, 'X.RULE'],
    [new PreconditionRequiredError(), 428, 'COMMON.PRECONDITION_REQUIRED'],
    [new TooManyRequestsError('COMMON.RATE_LIMITED', 'slow down', 7), 429, 'COMMON.RATE_LIMITED'],
    [new BadGatewayError('X.REGISTRY_FAILED', 'registry failed'), 502, 'X.REGISTRY_FAILED'],
    [new ServiceUnavailableError('X.BUSY', 'busy', 3), 503, 'X.BUSY'],
    [new DependencyUnavailableError('COMMON.RPC_TIMEOUT', 'no answer'), 503, 'COMMON.RPC_TIMEOUT'],
    [new DeadLetterNotFoundError('d1'), 404, 'COMMON.DEAD_LETTER_NOT_FOUND'],
    [new DeadLetterRedactedError('d1', null), 409, 'COMMON.DEAD_LETTER_REDACTED'],
    [new DeadLetterConsumerUnknownError('d1', 'registry-old-name'), 409, 'COMMON.DEAD_LETTER_CONSUMER_UNKNOWN'],
  ];

  it.each(cases.map(([error, status, code]) => [error.name, error, status, code] as const))(
    '%s keeps its stable code and status over HTTP (problem+json) and over RPC',
    (_name, error, status, code) => {
      expect(toAppError(error)).toEqual({ appError: error, unexpected: false });
      const problem = toProblem(error, 'corr-1');
      expect(problem).toMatchObject({ status, code, type: `urn:collabo:problem:${code.toLowerCase()}`, correlationId: 'corr-1' });
      expect(problem.title).not.toBe('Error');
      expect(toRpcErrorBody(error)).toMatchObject({ code, status, message: error.message });
    },
  );

  it('carries field errors and Retry-After seconds where they belong', () => {
    expect(toProblem(new ValidationFailedError([{ field: 'id', message: 'must be a UUID' }])).errors).toEqual([
      { field: 'id', message: 'must be a UUID' },
    ]);
    expect(toRpcErrorBody(new ValidationFailedError([{ field: 'id', message: 'must be a UUID' }])).errors).toEqual([
      { field: 'id', message: 'must be a UUID' },
    ]);
    expect(toProblem(new ServiceUnavailableError('X.BUSY', 'busy', 3))).toMatchObject({ retryAfterSeconds: 3 });
    expect(toProblem(new TooManyRequestsError('COMMON.RATE_LIMITED', 'slow', 7))).toMatchObject({ retryAfterSeconds: 7 });
  });
});

describe('ParseIdPipe (@IdParam)', () => {
  const pipe = new ParseIdPipe();

  it('passes a UUID of any version through', () => {
    for (const id of [
      '01a22222-0000-7000-8000-0000000000a1',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      '8F14E45F-CEEA-467F-A0E6-3F2A1B2C3D4E',
      '00000000-0000-0000-0000-000000000000',
    ]) {
      expect(pipe.transform(id, { type: 'param', data: 'id' })).toBe(id);
    }
  });

  it('answers a malformed id with COMMON.VALIDATION_FAILED naming the parameter', () => {
    for (const id of ['x', '01a22222-0000-7000-8000-0000000000a', '01a22222000070008000000000000a1', `'; DROP TABLE x; --`, undefined]) {
      let caught: unknown;
      try {
        pipe.transform(id, { type: 'param', data: 'offerId' });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationFailedError);
      expect(caught).toMatchObject({
        status: 400,
        code: 'COMMON.VALIDATION_FAILED',
        errors: [{ field: 'offerId', message: 'must be a UUID' }],
      });
    }
  });
});

describe('ManualClock', () => {
  it('stands still until set or advanced, and hands out copies', () => {
    const clock = new ManualClock('2026-03-31T15:00:00.000Z');
    const first = clock.now();
    first.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-03-31T15:00:00.000Z');
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 });
    expect(clock.now().toISOString()).toBe('2026-04-01T17:03:04.005Z');
    clock.advance(-5);
    expect(clock.now().toISOString()).toBe('2026-04-01T17:03:04.000Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(() => clock.set('not a date')).toThrow(/not a time/);
  });
});
