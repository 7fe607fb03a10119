// The job summary, on success and on failure, and the Capgo console link.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY, runAction } from '../scripts/lib/run-action.mjs'
import { failureRows } from '../src/action/summary.js'
import { BundleError } from '../src/errors.js'
import { consoleLinkOf, newTrace } from '../src/pipeline.js'
import { capgoConsoleUrl } from '../src/publish/capgo/console-link.js'
import type { CapgoSettings, Plan } from '../src/types.js'
import { keyPair, makeProject, removeTempDirs } from './support/fixtures.js'
import { startGithubServer } from './support/github-server.js'

interface ActionRun {
  code: number
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
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

const cloud: CapgoSettings = {
  token: 't',
  apiUrl: 'https://api.capgo.app',
  filesUrl: 'https://files.capgo.app',
  channels: [],
  versionExists: 'fail',
  tus: 'auto',
  projectDir: '/',
}

describe('Capgo console link', () => {
  it('points at the bundle in the Capgo Cloud console, and nowhere for a self-hosted Capgo', () => {
    expect(capgoConsoleUrl(cloud, 'com.example.app', '4242')).toBe('https://console.capgo.app/app/com.example.app/bundle/4242')
    expect(capgoConsoleUrl({ ...cloud, apiUrl: 'https://capgo.internal' }, 'com.example.app', '4242')).toBeUndefined()
    expect(capgoConsoleUrl({ ...cloud, supabaseUrl: 'https://supa.internal' }, 'com.example.app', '4242')).toBeUndefined()
  })

  it('needs a version id and a Capgo row', () => {
    const plan = { appId: 'com.example.app', storage: { kind: 'capgo', ...cloud } } as Pick<Plan, 'appId' | 'storage'>
    expect(consoleLinkOf(plan, { versionId: '7' })).toBe('https://console.capgo.app/app/com.example.app/bundle/7')
    expect(consoleLinkOf(plan, {})).toBeUndefined()
    expect(consoleLinkOf({ appId: 'com.example.app', storage: { kind: 'local' } }, { versionId: '7' })).toBeUndefined()
  })
})

describe('failure summary rows', () => {
  it('a plan refusal: the stage, the error line, the input, nothing to clean', () => {
    const trace = { ...newTrace(), stage: 'plan' as const }
    expect(failureRows(trace, new BundleError('version_invalid', 'version "x" is not a semantic version.', 'version'))).toEqual([
      ['Failed stage', 'plan (checks before any work)'],
      ['Error', 'version "x" is not a semantic version.'],
      ['Input to change', 'version'],
      ['Cleaned up', 'nothing needed'],
      ['Remains', 'nothing: the run stopped before publishing, and nothing outside the output directory was written'],
    ])
  })

  it('a publish failure: what the backend and the run removed, and what is left', () => {
    const trace = { ...newTrace(), stage: 'publish' as const, cleanedUp: ['removed the encrypted file /tmp/x.zip'] }
    trace.plan = { storage: { kind: 'github-release' } } as Plan
    const error = new BundleError('github_upload_failed', 'Uploading failed.')
    error.aftermath = { cleanedUp: ['deleted the partial asset x.zip'], remains: ['the empty release v1'] }
    expect(failureRows(trace, error)).toEqual([
      ['Failed stage', 'publish (storage github-release)'],
      ['Error', 'Uploading failed.'],
      ['Cleaned up', 'deleted the partial asset x.zip; removed the encrypted file /tmp/x.zip'],
      ['Remains', 'the empty release v1'],
    ])
  })
})

describe('dist/index.js with storage github-release', () => {
  it('publishes the asset, sets bundle-url and storage-key, and writes the summary', async () => {
    const github = await startGithubServer()
    try {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.0.0' })
      const env = { GITHUB_REPOSITORY: 'octo/app', GITHUB_REF: 'refs/tags/v5.0.0', GITHUB_API_URL: github.apiUrl }
      const result = await run(
        { 'private-key': privatePem, storage: 'github-release', 'github-token': github.token, 'verify-upload': 'true' },
        { workspace, env, summary: true },
      )
      expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([])
      expect(result.code).toBe(0)
      const [asset] = github.releases[0].assets
      expect(result.outputs['bundle-url']).toBe(`${github.apiUrl}/download/${asset.id}/com.example.test_5.0.0.zip`)
      expect(result.outputs['storage-key']).toBe('octo/app@v5.0.0/com.example.test_5.0.0.zip')
      expect(asset.body.equals(await readFile(result.outputs['bundle-path']))).toBe(true)
      expect(result.stdout).toContain(`::add-mask::${github.token}`)
      expect(result.stdout.split('\n').filter((line) => line.includes(github.token) && !line.startsWith('::add-mask::'))).toEqual([])
      expect(result.summary).toContain('github-release')
    } finally {
      await github.close()
    }
  })

  it('on failure the summary says which stage failed, the error line, what was cleaned up and what remains', async () => {
    const github = await startGithubServer()
    github.faults.breakUploads = 99
    try {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '5.0.1' })
      const env = { GITHUB_REPOSITORY: 'octo/app', GITHUB_API_URL: github.apiUrl }
      const result = await run(
        { 'private-key': privatePem, storage: 'github-release', 'release-tag': 'v5.0.1', 'github-token': github.token },
        { workspace, env, summary: true },
      )
      expect(result.code).toBe(1)
      const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'))
      expect(errors).toHaveLength(1)
      expect(github.releases).toEqual([])
      expect(await readdir(result.runnerTemp)).toEqual([])
      const { summary } = result
      expect(summary).toContain('Capgo bundle com.example.test 5.0.1 failed')
      expect(summary).toContain('publish (storage github-release)')
      expect(summary).toContain('Uploading com.example.test_5.0.1.zip to release v5.0.1 of octo/app failed')
      expect(summary).toContain('deleted the partial asset com.example.test_5.0.1.zip from release v5.0.1')
      expect(summary).toContain('deleted the empty release v5.0.1 this run created (the tag stays)')
      expect(summary).toContain(`removed the encrypted file ${join(result.runnerTemp, 'capgo-bundle', 'com.example.test_5.0.1.zip')}`)
      expect(summary).toMatch(/Remains<\/td><td>nothing<\/td>/)
    } finally {
      await github.close()
    }
  })

  it('a plan refusal gets a summary too', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const result = await run(
      { 'private-key': privatePem, storage: 'github-release', 'github-token': 'ghs_x' },
      { workspace, env: { GITHUB_REPOSITORY: 'octo/app' }, summary: true },
    )
    expect(result.code).toBe(1)
    expect(result.summary).toContain('plan (checks before any work)')
    expect(result.summary).toContain('storage github-release needs release-tag')
    expect(result.summary).toContain('release-tag')
  })
})
