export * from './data-source.js';
export * from './kit-migrations.js';
export * from './find-page.js';
export * from './prepared.js';
