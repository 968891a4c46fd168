import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const target = (name: string, port: number) => process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}`;
/** The dev server's same-origin proxy: /api/<service>/… to the service, the prefix stripped (as scripts/serve.mjs and the ingress). */
const proxy = Object.fromEntries(
  (
    [
      ['registry', 3001],
      ['proposals', 3002],
      ['events', 3003],
      ['notifications', 3004],
    ] as const
  ).map(([name, port]) => [
    `/api/${name}`,
    { target: target(name, port), changeOrigin: true, rewrite: (path: string) => path.slice(`/api/${name}`.length) },
  ]),
);

export default defineConfig({
  plugins: [react()],
  // @collabo/calendar is read from its TypeScript source (it has no Node-only imports), so it needs no build first.
  resolve: { conditions: ['@collabo/source', 'module', 'browser', 'development|production'] },
  server: { port: Number(process.env.CONSOLE_PORT ?? 3000), strictPort: true, proxy },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    testTimeout: 30_000,
  },
});
