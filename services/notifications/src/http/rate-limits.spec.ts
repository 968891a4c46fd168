import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { staffClientKey } from './rate-limits.js';

const requestWith = (authorization?: string) => ({ headers: authorization ? { authorization } : {}, ip: '192.0.2.7' }) as FastifyRequest;
const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('staffClientKey', () => {
  it('counts a request for the person its bearer token names', () => {
    const token = `${part({ alg: 'EdDSA' })}.${part({ sub: '0193aaaa-0000-7000-8000-000000000001' })}.c2ln`;
    expect(staffClientKey(requestWith(`Bearer ${token}`))).toBe('sub:0193aaaa-0000-7000-8000-000000000001');
  });

  it('counts by address without a readable token', () => {
    for (const header of [
      undefined,
      'Basic abc',
      'Bearer nonsense',
      `Bearer x.${part({ sub: 7 })}.y`,
      `Bearer x.${part({ sub: 'a'.repeat(101) })}.y`,
      'Bearer x.%%%.y',
    ]) {
      expect(staffClientKey(requestWith(header))).toBe('ip:192.0.2.7');
    }
  });
});
