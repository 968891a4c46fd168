export * from './validate.js';
export * from './metadata-cache.js';
