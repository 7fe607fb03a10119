// The job summary and outputs of the shipped action (dist) with delta on, storage local.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY, runAction } from '../scripts/lib/run-action.mjs'
import { keyPair, makeProject, removeTempDirs } from './support/fixtures.js'

interface ActionRun {
  code: number
  stdout: string
  outputs: Record<string, string>
  summary: string
}
const run = runAction as (
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string>; summary?: boolean },
) => Promise<ActionRun>
const { privatePem, publicPem } = keyPair()

beforeAll(() => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build')
})
afterAll(removeTempDirs)

describe('the action with delta: true and storage local', () => {
  it('sets the delta outputs and writes a Delta row in the summary', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await writeFile(join(workspace, 'www', 'big.js'), 'export const value = "summary";\n'.repeat(1000))
    const result = await run(
      { 'private-key': privatePem, storage: 'local', delta: 'true', 'output-dir': join(workspace, 'out') },
      { workspace, summary: true },
    )
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs['manifest-path']).toBe(join(workspace, 'out', 'com.example.test_1.0.0', 'manifest.json'))
    expect(Number(result.outputs['delta-files'])).toBeGreaterThan(1)
    expect(Number(result.outputs['delta-bytes'])).toBeGreaterThan(0)
    expect(result.outputs['manifest-url']).toBe('')
    expect(result.summary).toContain(`<td>Delta</td><td>${result.outputs['delta-files']} files`)
    expect(result.summary).toContain(result.outputs['manifest-path'])
  })
})
