export * from './envelope.js';
export * from './enums.js';
export * from './errors.js';
export * from './localized.js';
export * from './secret-links.js';
