import type { FastifyInstance } from 'fastify';

/** Deeper than any body this API takes; deeper JSON only exhausts the validator's recursion. */
export const MAX_JSON_DEPTH = 32;

/** A high surrogate without its low half, or a low one without its high half (String#isWellFormed is ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a parsed JSON value cannot be a request body here, or null when it can. */
export function jsonBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return 'The body holds text that is not well-formed Unicode (a lone surrogate).';
    } else if (node !== null && typeof node === 'object') {
      if (depth >= maxDepth) return `The body is nested deeper than ${maxDepth} levels.`;
      for (const [key, child] of Object.entries(node)) {
        if (LONE_SURROGATE.test(key)) return 'The body holds text that is not well-formed Unicode (a lone surrogate).';
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/**
 * Fastify's JSON parser (with its prototype-poisoning protection), plus two refusals with 400: bodies
 * nested deeper than MAX_JSON_DEPTH and text with lone surrogates. Both would otherwise crash the
 * validation pipe (stack overflow; URIError inside validator.js) and come out as 500s.
 */
export function installGuardedJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (err, value) => {
      if (err) return done(err, undefined);
      const problem = jsonBodyProblem(value);
      if (problem) return done(Object.assign(new Error(problem), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_CONTENT' }), undefined);
      done(null, value);
    });
  });
}
