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
      extensions: ['.ts', '.js'],
    },
  },
};
