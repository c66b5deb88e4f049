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
      include: ['**/*.test.ts'],
      exclude: ['node_modules/**', 'dist/**', 'data/**'],
      pool: 'forks',
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  };
});
