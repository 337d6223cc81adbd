import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources (the `@pledge/source` export condition), so a test never sees a stale build.
export default defineConfig({
  resolve: { conditions: ['@pledge/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@pledge/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/tests/**/*.test.ts', 'policies/**/*.test.ts', 'bench/tests/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['tests/fail-on-console.ts'],
  },
});
