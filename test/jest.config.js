import { jestConfig } from '../jest.preset.js';

export default jestConfig({
  testMatch: ['<rootDir>/**/*.test.ts'],
  testTimeout: 600_000,
});
