import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Interop tests spawn the official CLI; two workers keep a 2-core runner responsive.
    maxWorkers: 2,
    reporters: ['default', './__tests__/support/summary-reporter.ts'],
  },
})
