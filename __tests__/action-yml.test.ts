import { readdir, readFile } from 'node:fs/promises'
import { validateAction, validateWorkflow } from '@action-validator/core'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { getInputs } from '../src/inputs.js'
import { outputsOf } from '../src/pipeline.js'
import type { RunResult } from '../src/pipeline.js'
import { recordingLogger } from './support/fixtures.js'

const root = new URL('../', import.meta.url)
const actionText = await readFile(new URL('action.yml', root), 'utf8')
const action = parse(actionText) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

describe('action.yml', () => {
  it('validates against the action schema', () => {
    // action-validator 0.6 predates node24; the schema is checked with the runtime it knows, and the runtime on its own below.
    const state = validateAction(actionText.replace('using: node24', 'using: node20'))
    expect(state.errors).toEqual([])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the code reads', () => {
    const read = new Set<string>()
    getInputs(
      (name) => {
        read.add(name)
        return ''
      },
      recordingLogger(),
      {},
    )
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('declares exactly the outputs the action sets', () => {
    const fake = { bundle: {}, publish: {} } as unknown as RunResult
    expect(Object.keys(outputsOf(fake)).sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('gives defaults the code agrees with', () => {
    // The runner fills expression defaults (github-token: ${{ github.token }}); unset here, as in a run without a token.
    const fromYaml = (name: string) => (action.inputs[name]?.default ?? '').replace(/^\$\{\{.*\}\}$/, '')
    const withYamlDefaults = getInputs(fromYaml, recordingLogger(), {})
    const withoutAny = getInputs(() => '', recordingLogger(), {})
    expect(withYamlDefaults).toEqual(withoutAny)
  })
})

describe('workflows', async () => {
  const dir = new URL('.github/workflows/', root)
  const files = (await readdir(dir)).filter((name) => name.endsWith('.yml'))
  it('has ci, check-dist, e2e and release', () => {
    expect(files.sort()).toEqual(['check-dist.yml', 'ci.yml', 'e2e.yml', 'release.yml'])
  })
  for (const file of files) {
    it(`${file} validates`, async () => {
      const state = validateWorkflow(await readFile(new URL(file, dir), 'utf8'))
      expect(state.errors).toEqual([])
    })
  }
  it('e2e runs the action itself in a matrix of environments with their own key', async () => {
    const e2e = parse(await readFile(new URL('e2e.yml', dir), 'utf8'))
    const job = e2e.jobs.bundle
    expect(job.strategy.matrix.environment).toEqual(['dev', 'staging', 'production'])
    expect(job.environment).toBe('${{ matrix.environment }}')
    const step = job.steps.find((s: { uses?: string }) => s.uses === './')
    expect(step.with['private-key']).toBe('${{ secrets.CAPGO_PRIVATE_KEY }}')
    expect(e2e.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
  })
})

describe('README', () => {
  it('documents every input and output of action.yml', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme).toContain(`| \`${name}\` |`)
  })
})
