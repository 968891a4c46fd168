export * from './models.js';
export * from './privacy-request-opened.v1.js';
export * from './privacy-request-answered.v1.js';
