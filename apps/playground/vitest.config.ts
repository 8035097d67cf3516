import { defineConfig } from 'vitest/config';

// Component-level logic only (pure functions); the UI is tested end to end with Playwright in e2e/.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
