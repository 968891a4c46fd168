/** Module boundaries (GUIDE §1), checked on resolved paths by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-service-imports',
      comment: 'A service never imports another service: use an RPC or an event from libs/contracts.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'libs-never-import-services',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'contracts-stand-alone',
      comment: 'libs/contracts depends on nothing but class-validator and class-transformer.',
      severity: 'error',
      from: { path: '^libs/contracts/src/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/contracts/|node_modules/(class-validator|class-transformer)/|^(node:)?[a-z_]+$' },
    },
    {
      name: 'calendar-stand-alone',
      comment:
        'libs/calendar (@collabo/calendar) depends on nothing but node built-ins: pure date arithmetic that every service ' +
        'and library may import (services do, by its package name), and that itself imports nothing of the platform.',
      severity: 'error',
      from: { path: '^libs/calendar/src/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/calendar/src/|^(node:)?[a-z_]+$' },
    },
    {
      name: 'testing-is-for-tests',
      comment:
        'libs/testing (@collabo/testing: the launcher, the SMTP sink, the fake registry) is for tests and tools only: ' +
        "no service's or library's production code imports it.",
      severity: 'error',
      from: { path: '^(services|libs)/[^/]+/src/', pathNot: '^libs/testing/|\\.spec\\.ts$' },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'console-uses-public-apis-only',
      comment:
        'The staff console (apps/console) is a client like any other: it talks to the services over their public HTTP ' +
        'APIs, so its application code imports no service and, of the libraries, only @collabo/calendar (browser-safe).',
      severity: 'error',
      from: { path: '^apps/console/src/' },
      to: { path: '^(services/|libs/(?!calendar/))' },
    },
    {
      name: 'declared-dependencies',
      comment:
        'Every workspace declares in its own package.json the packages it imports (the root declares only the ' +
        'toolchain every workspace shares: Jest and TypeScript). scripts/workspace-deps.mjs checks the other way round.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/(@jest/globals|typescript)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(libs|services)/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@collabo/source', 'import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
