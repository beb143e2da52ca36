import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// For the child run in ../suites-catch-bugs.test.ts only.
export default defineConfig({
  test: { root: path.dirname(fileURLToPath(import.meta.url)), include: ['*.conformance.ts'], pool: 'threads' },
});
