// ESLint for the whole workspace. Module boundaries are enforced twice over: import rules below
// (what a file may name) and dependency-cruiser (.dependency-cruiser.cjs: what a file really resolves to).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SERVICES = ['registry', 'proposals', 'events', 'notifications'];

/**
 * The imports a service may make: libraries by package name only, never another service, and of the
 * workspace's libraries only `allowed` (its production code: contracts, kit, calendar; its tests also the
 * kit's testing helpers and @collabo/testing).
 */
function serviceImports(service, allowed, what) {
  const names = allowed.split('|').map((n) => `@collabo/${n}`);
  return [
    'error',
    {
      patterns: [
        { regex: '(^|/)libs/', message: 'Import a library by its package name (@collabo/...), never by path.' },
        {
          regex: `(^|/)(${SERVICES.filter((s) => s !== service).join('|')})/(src|test)/`,
          message: 'A service never imports another service: use an RPC or an event from @collabo/contracts.',
        },
        {
          regex: `^@collabo/(?!(${allowed.replace(/\//g, '\\/')})$)`,
          message: `A service's ${what} may import of the workspace's libraries ${names.join(', ')} only.`,
        },
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'apps/console/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-namespace': 'off', // contracts are namespaces by convention (GUIDE §4)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!class-validator$|class-transformer$|\\.{1,2}/)',
              message: 'libs/contracts depends on class-validator and class-transformer only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/service-kit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)services/', message: 'A library never imports a service.' }] }],
    },
  },
  ...SERVICES.map((service) => ({
    files: [`services/${service}/**/*.ts`],
    rules: { 'no-restricted-imports': serviceImports(service, 'contracts|service-kit|service-kit/testing|calendar|testing', 'tests') },
  })),
  ...SERVICES.map((service) => ({
    files: [`services/${service}/src/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      // service-kit/tracing: main.ts starts tracing before the kit loads (libs/service-kit README, "Tracing").
      'no-restricted-imports': serviceImports(service, 'contracts|service-kit|service-kit/tracing|calendar', 'code'),
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Ask the kit's Clock for the time (clock.now()), so that tests can set it.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Ask the kit's Clock for the time (clock.now()), so that tests can set it.",
        },
      ],
    },
  })),
  {
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'bench/**', 'load/**', 'scripts/**', '**/seed/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // The staff console (apps/console): browser code with React's hook rules; it reaches the services through their
  // public HTTP APIs only, so no workspace library but @collabo/calendar (browser-safe) and no service.
  {
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@collabo/(?!calendar$)',
              message: 'The console uses the services through their HTTP APIs; of the libraries only @collabo/calendar.',
            },
            { regex: '(^|/)(services|libs)/', message: 'The console imports no service or library by path.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/console/src/**/*.test.{ts,tsx}', 'apps/console/src/test/**', 'apps/console/e2e/**', 'apps/console/scripts/**'],
    // the browser tests' page.evaluate functions run in the page
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
