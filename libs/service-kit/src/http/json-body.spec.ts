import { describe, expect, it } from '@jest/globals';
import { jsonBodyProblem } from './json-body.js';

describe('JSON body guard', () => {
  it('accepts ordinary bodies, Japanese text and surrogate pairs', () => {
    expect(jsonBodyProblem({ name: '株式会社𠮷野家', tags: ['a', { b: [1, 2, null] }] })).toBeNull();
    expect(jsonBodyProblem('x')).toBeNull();
    expect(jsonBodyProblem(null)).toBeNull();
  });

  it('refuses lone surrogates in values and in keys', () => {
    expect(jsonBodyProblem({ email: '\ud800' })).toMatch(/surrogate/);
    expect(jsonBodyProblem({ ['\udc00']: 1 })).toMatch(/surrogate/);
    expect(jsonBodyProblem([['ok', ['\ud83d']]])).toMatch(/surrogate/);
  });

  it('refuses nesting deeper than the limit, without recursing itself', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonBodyProblem(deep)).toMatch(/deeper than 32/);
    let ok: unknown = 1;
    for (let i = 0; i < 32; i++) ok = { a: ok };
    expect(jsonBodyProblem(ok)).toBeNull();
    expect(jsonBodyProblem({ a: ok })).toMatch(/deeper/);
  });
});
