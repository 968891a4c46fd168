export * from './naming.js';
export * from './connection.js';
export * from './streams.js';
