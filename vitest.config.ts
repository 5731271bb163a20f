import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages export their TypeScript sources under the `source` condition, so tests need no build.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: {
    include: ['{apps,libs,services,test,bench,infra}/**/*.spec.ts'],
    // Integration tests share one NATS and one PostgreSQL: isolate by names, not by process.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
