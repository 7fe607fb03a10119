import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// Mutants live in this process: tests that spawn the CLI, dist/ or the official CLI cannot see
// them and only add minutes, so the mutation run leaves them out.
const config = mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        '__tests__/cli/bundle.test.ts',
        '__tests__/cli/doctor-run.test.ts',
        '__tests__/cli/keys.test.ts',
        '__tests__/dist-action.test.ts',
        '__tests__/interop.test.ts',
        '__tests__/action-yml.test.ts',
        'node_modules/**',
      ],
      reporters: ['default'],
    },
  }),
)

// MUTATION_TESTS=a.test.ts,b.test.ts scopes a run to those files (under __tests__/): the whole
// in-process suite as the dry run takes many minutes on two shared cores. A scoped score is a lower bound.
const scoped = process.env.MUTATION_TESTS?.split(',').filter(Boolean)
if (scoped?.length) config.test!.include = scoped.map((file) => `__tests__/${file}`)

export default config
