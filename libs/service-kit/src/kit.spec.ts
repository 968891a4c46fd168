import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { BaseEnv, EnvConfigError, loadEnv } from './config/env.js';
import { sanitizeCorrelationId } from './context/request-context.js';
import { ConflictError } from './errors/app-error.js';
import { toAppError, toProblem } from './errors/problem.js';
import { assertIfMatch, etagOf, versionFromIfMatch } from './http/etag.js';
import { kebabCase } from './jetstream/consumes-event.decorator.js';
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
  it('accepts a sane correlation id and replaces anything else', () => {
    expect(sanitizeCorrelationId('abc-123')).toBe('abc-123');
    expect(sanitizeCorrelationId('<script>')).not.toBe('<script>');
    expect(sanitizeCorrelationId('x'.repeat(500))).toHaveLength(36);
    expect(sanitizeCorrelationId(undefined)).toHaveLength(36);
  });

  it('names durable consumers in kebab case', () => {
    expect(kebabCase('UpdateReferencesOnOrganizationMerged')).toBe('update-references-on-organization-merged');
    expect(kebabCase('SendEmailOnKPIReport')).toBe('send-email-on-kpi-report');
  });

  it('prefixes subjects and streams only in tests', () => {
    expect(new NatsNaming('').subject('a.b')).toBe('a.b');
    const naming = new NatsNaming('t1');
    expect(naming.subject('registry.evt.x.y.v1')).toBe('t1.registry.evt.x.y.v1');
    expect(naming.unprefix('t1.registry.evt.x.y.v1')).toBe('registry.evt.x.y.v1');
    expect(naming.stream('registry')).toBe('COLLABO_REGISTRY_T1');
  });
});
