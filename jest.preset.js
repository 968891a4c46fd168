// Shared Jest configuration: native ESM, TypeScript through SWC with legacy decorators and metadata.
// Workspace libraries resolve to their TypeScript sources through the `@collabo/source` export condition.
const ESM_ONLY_DEPENDENCIES = ['content-disposition'];

export function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['@collabo/source', 'node', 'node-addons'] },
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    // CommonJS packages that require() an ESM-only dependency: Node 20.19 allows that, Jest's CJS loader
    // does not (before Node 24.9), so those few dependencies are compiled to CommonJS for tests.
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_DEPENDENCIES.join('|')})/)`],
    transform: {
      [`/node_modules/(${ESM_ONLY_DEPENDENCIES.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
            keepClassNames: true,
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testTimeout: 30_000,
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
    ...overrides,
  };
}
