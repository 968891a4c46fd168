export * from './database.js';
export * from './nats.js';
export * from './auth.js';
export * from './service.js';
export * from './fake-rpc.js';
export * from './fuzz.js';
export * from './logs.js';
export * from './clock.js';
