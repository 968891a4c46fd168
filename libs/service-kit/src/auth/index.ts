export * from './token-verifier.js';
export * from './decorators.js';
export * from './auth.guard.js';
export * from './jwks.js';
