// @collabo/testing: the development and test platform. The launcher behind `npm start`, the platform tests
// and the load runs; the one SMTP sink; the one fake registry of the services' tests.
export * from './launcher.js';
export * from './fake-registry.js';
