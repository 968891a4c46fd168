export * from './data-source.js';
export * from './kit-migrations.js';
