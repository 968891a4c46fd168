export * from './subjects.js';
export * from './common/index.js';
export * from './registry/index.js';
export * from './proposals/index.js';
export * from './events/index.js';
export * from './privacy/index.js';
