import { jestConfig } from '../jest.preset.js';

export default jestConfig({
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // scripts/*.mjs are plain Node ESM, loaded as they are.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // The NATS permission suite starts four services and a nats-server.
  testTimeout: 60_000,
});
