export * from './answer-privacy-request.js';
export * from './consumer-tables-retention.js';
export * from './kit-tables-erasure.js';
export * from './retention-ledger.js';
export * from './retention-policy.js';
export * from './retention-report.controller.js';
export * from './subject-match.js';
