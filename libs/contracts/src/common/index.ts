export * from './envelope.js';
export * from './enums.js';
export * from './errors.js';
export * from './localized.js';
