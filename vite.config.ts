import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * One page per build (`vite build --mode kiosk`, `--mode console`) so each page's folder in
 * dist/ is self-contained: the gate service serves only the kiosk, the server only the console.
 */
const pages: Record<string, string> = {
  kiosk: 'kiosk',
  console: 'server/console',
};

const excluded = ['node_modules/**', 'dist/**', 'data/**'];
/** The console's own tests (no database) stay in `unit`. */
const serverTests = ['server/*.test.ts', 'server/!(console)/**/*.test.ts'];

export default defineConfig(({ mode }) => {
  const page = pages[mode];
  return {
    root: page ? resolve(import.meta.dirname, page) : import.meta.dirname,
    base: './',
    build: {
      outDir: resolve(import.meta.dirname, 'dist', mode),
      emptyOutDir: true,
      target: 'es2022',
    },
    test: {
      root: import.meta.dirname,
      pool: 'forks',
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // The server's tests run twice, once per database (test/support/server-database.ts); the
      // rest once. `npx vitest run --project server-sqlite` for a quick run on one database.
      projects: [
        { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...excluded, ...serverTests] } },
        {
          extends: true,
          test: { name: 'server-sqlite', include: serverTests, exclude: excluded, provide: { testDatabase: { kind: 'sqlite' } } },
        },
        {
          extends: true,
          test: {
            name: 'server-postgres',
            include: serverTests,
            exclude: excluded,
            globalSetup: ['test/support/postgres-global-setup.ts'],
          },
        },
      ],
    },
  };
});
