// Release control through the bundled action, as a runner runs it: refusals before any write with the
// table in the job summary, honest skips, missing dependencies stopped before packing.
import { existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY, runAction } from '../scripts/lib/run-action.mjs'
import { collectNativePackages } from '../src/release/native-packages.js'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { keyPair, makeProject, removeTempDirs } from './support/fixtures.js'
import { installNativeFixtures } from './support/native-fixtures.js'

interface ActionRun {
  code: number
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}
const run = runAction as (inputs: Record<string, string>, options: { workspace: string; summary?: boolean }) => Promise<ActionRun>
const { privatePem, publicPem } = keyPair()

beforeAll(() => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build')
})
afterAll(removeTempDirs)

async function project(): Promise<string> {
  const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', version: '1.1.0' })
  await installNativeFixtures(workspace)
  return workspace
}

const capgoInputs = (capgo: CapgoTestServer, extra: Record<string, string> = {}) => ({
  'private-key': privatePem,
  'capgo-token': capgo.token,
  'capgo-api-url': capgo.apiUrl,
  'capgo-files-url': capgo.filesUrl,
  channel: 'production',
  ...extra,
})

describe('release control in the action', () => {
  it('an incompatible bundle fails before any write, with the table in the log and the job summary, and the one line', async () => {
    const workspace = await project()
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const local = collectNativePackages({ packageJsons: [join(workspace, 'package.json')], nodeModules: [], start: workspace })
      capgo.remote.addVersion('1.0.0', {
        native_packages: local.map((entry) => (entry.name === 'camera' ? { ...entry, version: '4.0.0' } : entry)),
      })
      capgo.remote.addChannel('production', { version: '1.0.0' })
      const result = await run(capgoInputs(capgo), { workspace, summary: true })
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(
        /::error::compatibility: the bundle is incompatible with channel production \(1 native package\(s\) changed\): ship a native build first/,
      )
      expect(result.stdout).toContain('| camera | 5.0.1 | 4.0.0 | incompatible: version changed: 4.0.0 → 5.0.1 |')
      expect(result.summary).toContain('| camera | 5.0.1 | 4.0.0 | incompatible: version changed: 4.0.0 → 5.0.1 |')
      expect(capgo.requests.filter(isWrite)).toEqual([])
    } finally {
      await capgo.close()
    }
  })

  it('version-exists: skip: outputs describe the stored version, bundle-path and bundle-url are empty, the file is gone, a warning says why', async () => {
    const workspace = await project()
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const stored = capgo.remote.addVersion('1.1.0', { checksum: 'stored-checksum', session_key: 'stored-iv:stored-key' })
      const result = await run(capgoInputs(capgo, { 'version-exists': 'skip' }), { workspace, summary: true })
      expect(result.code).toBe(0)
      expect(result.outputs).toMatchObject({
        published: 'false',
        'skipped-reason': 'version-exists',
        ivSessionKey: 'stored-iv:stored-key',
        checksum: 'stored-checksum',
        'version-id': String(stored.id),
        'bundle-path': '',
        'bundle-url': '',
        compatibility: 'unchecked',
      })
      expect(result.stdout).toMatch(/::warning::Nothing was published: version 1.1.0 already exists in Capgo with other content/)
      expect(result.summary).toContain('Nothing was published')
      expect(await readdir(join(result.runnerTemp, 'capgo-bundle')).catch(() => [])).toEqual([])
      expect(capgo.requests.filter(isWrite)).toEqual([])
    } finally {
      await capgo.close()
    }
  })

  it('publishes a compatible bundle with the new outputs and summary rows', async () => {
    const workspace = await project()
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const local = collectNativePackages({ packageJsons: [join(workspace, 'package.json')], nodeModules: [], start: workspace })
      capgo.remote.addVersion('1.0.0', { native_packages: local, min_update_version: '1.0.0' })
      capgo.remote.addChannel('production', { version: '1.0.0' })
      const result = await run(capgoInputs(capgo, { 'auto-min-update-version': 'true' }), { workspace, summary: true })
      expect(result.code, result.stdout).toBe(0)
      expect(result.outputs).toMatchObject({
        published: 'true',
        'skipped-reason': '',
        compatibility: 'compatible',
        'min-update-version': '1.0.0',
      })
      expect(result.summary).toContain('min_update_version')
      expect(result.summary).toContain('https://console.capgo.app/app/com.example.test/bundle/')
      expect(capgo.remote.channelVersionName('production')).toBe('1.1.0')
    } finally {
      await capgo.close()
    }
  })

  it('a dependency that is not installed stops the run before packing, naming it', async () => {
    const workspace = await project()
    await rm(join(workspace, 'node_modules', 'camera'), { recursive: true })
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const result = await run(capgoInputs(capgo), { workspace })
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(
        /::error::node-modules: dependency camera listed in .* is not installed in .*; run after npm ci, or compatibility: ignore\./,
      )
      expect(capgo.requests).toEqual([])
    } finally {
      await capgo.close()
    }
  })
})
