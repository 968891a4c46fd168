export * from './models.js';
export * from './proposal-submitted.v1.js';
export * from './proposal-advanced.v1.js';
export * from './proposal-decided.v1.js';
export * from './reviewer-assigned.v1.js';
export * from './team-formed.v1.js';
export * from './outcome-recorded.v1.js';
export * from './proposal-summary.v1.js';
