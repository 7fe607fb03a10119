import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// Mutants live in this process: tests that spawn the CLI, dist/ or the official CLI cannot see
// them and only add minutes, so the mutation run leaves them out.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['__tests__/cli/bundle.test.ts', '__tests__/cli/doctor-run.test.ts', '__tests__/cli/keys.test.ts', '__tests__/dist-action.test.ts', '__tests__/interop.test.ts', '__tests__/action-yml.test.ts', 'node_modules/**'],
      reporters: ['default'],
    },
  }),
)
