// @collabo/testing/launcher: the launcher and the SMTP sink without the fake registry (which loads the kit):
// what `npm start`, the load runs and the benchmarks import.
export * from './ports.js';
export * from './postgres.js';
export * from './nats-server.js';
export * from './maildev.js';
export * from './keys.js';
export * from './service-process.js';
export * from './platform.js';
export * from './smtp-sink.js';
