// The bundled action, run as a runner runs it: node dist/index.js with INPUT_*
// variables, outputs read from GITHUB_OUTPUT.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { ACTION_ENTRY, runAction } from '../scripts/lib/run-action.mjs'
import { verifyBundle } from '../src/bundle/verify.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { keyPair, makeProject, removeTempDirs, tempDir } from './support/fixtures.js'
import { startS3Server } from './support/s3-server.js'

interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}
const run = runAction as (
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string>; summary?: boolean; runnerTemp?: string },
) => Promise<ActionRun>

const { privatePem, publicPem } = keyPair()
const keyLines = (pem: string) => pem.split('\n').filter((line) => line.length > 8 && !line.startsWith('-----'))

beforeAll(() => {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build')
})
afterAll(removeTempDirs)

describe('dist/index.js as a runner runs it', () => {
  it('writes every documented output, a summary, and a bundle a device accepts', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '4.5.6' })
    const result = await run({ 'private-key': privatePem, storage: 'local' }, { workspace, summary: true })
    expect(result.stdout).not.toContain('::error::')
    expect(result.code).toBe(0)
    const { outputs } = result
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'app-id',
        'bundle-path',
        'bundle-size',
        'bundle-url',
        'checksum',
        'checksum-format',
        'checksum-sha256',
        'iv-session-key',
        'ivSessionKey',
        'key-id',
        'signer',
        'storage-key',
        'version',
        'version-id',
        'zip-size',
        'published',
        'skipped-reason',
        'compatibility',
        'min-update-version',
        'delta-files',
        'delta-bytes',
        'manifest-path',
        'manifest-url',
      ].sort(),
    )
    expect(outputs.version).toBe('4.5.6')
    expect(outputs['iv-session-key']).toBe(outputs.ivSessionKey)
    expect(outputs.signer).toBe('key')
    expect(result.summary).toContain('key: private key from private-key')
    expect(outputs['bundle-path']).toBe(join(result.runnerTemp, 'capgo-bundle', 'com.example.test_4.5.6.zip'))
    const verified = await verifyBundle({
      file: outputs['bundle-path'],
      ivSessionKey: outputs.ivSessionKey,
      checksum: outputs.checksum,
      publicKey: publicPem,
    })
    expect(verified.sha256).toBe(outputs['checksum-sha256'])
    expect(result.summary).toContain('com.example.test')
    expect(result.summary).toContain('V3')
    expect(result.summary).toMatch(/of files → [0-9.]+ (B|KiB) zipped → [0-9.]+ (B|KiB) encrypted/)
    for (const line of keyLines(privatePem)) expect(result.summary).not.toContain(line)
  })

  it('masks every line of the key before anything prints, even with RUNNER_DEBUG=1', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    // Escaped newlines, as many secret stores hand keys over.
    const escaped = privatePem.trim().replace(/\n/g, '\\n')
    const result = await run({ 'private-key': escaped, storage: 'local' }, { workspace, env: { RUNNER_DEBUG: '1' } })
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    const firstMask = lines.findIndex((line) => line.startsWith('::add-mask::'))
    const firstOther = lines.findIndex((line) => line && !line.startsWith('::add-mask::'))
    expect(firstMask).toBe(0)
    expect(firstOther).toBeGreaterThan(firstMask)
    for (const keyLine of keyLines(privatePem)) {
      expect(lines).toContain(`::add-mask::${keyLine}`)
      const unmasked = lines.filter((line) => line.includes(keyLine) && !line.startsWith('::add-mask::'))
      expect(unmasked).toEqual([])
    }
    expect(result.stdout).toContain('::debug::')
    expect(result.stderr).toBe('')
  })

  it('fails with one ::error:: line naming the input, and leaves nothing behind', async () => {
    const workspace = await makeProject({ publicKey: keyPair(1).publicPem, updaterVersion: '8.1.0' })
    const runnerTemp = await tempDir('capgo-runner-')
    const result = await run({ 'private-key': privatePem, storage: 'local' }, { workspace, runnerTemp })
    expect(result.code).toBe(1)
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error::private-key does not match/)
    expect(await readdir(runnerTemp)).toEqual([])
    const workspaceFiles = await readdir(workspace)
    expect(workspaceFiles.sort()).toEqual(['capacitor.config.json', 'node_modules', 'package.json', 'www'])
    for (const line of keyLines(privatePem)) expect(errors[0]).not.toContain(line)
  })

  it('masks key text given to private-key-path before the one ::error:: line, which holds none of it', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const result = await run({ 'private-key-path': privatePem, storage: 'local' }, { workspace, env: { RUNNER_DEBUG: '1' } })
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    const errors = lines.filter((line) => line.startsWith('::error::'))
    expect(errors).toEqual(['::error::private-key-path holds key text, not a path: pass it as private-key (from a secret).'])
    for (const keyLine of keyLines(privatePem)) {
      const masked = lines.indexOf(`::add-mask::${keyLine}`)
      expect(masked).toBeGreaterThanOrEqual(0)
      expect(masked).toBeLessThan(lines.indexOf(errors[0]))
      expect(lines.filter((line) => line.includes(keyLine) && !line.startsWith('::add-mask::'))).toEqual([])
    }
    expect(result.stderr).toBe('')
  })

  it('gives the same checksum-sha256 on two runs', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const [a, b] = await Promise.all([
      run({ 'private-key': privatePem, storage: 'local' }, { workspace }),
      run({ 'private-key': privatePem, storage: 'local' }, { workspace }),
    ])
    expect(a.code).toBe(0)
    expect(a.outputs['checksum-sha256']).toMatch(/^[0-9a-f]{64}$/)
    expect(b.outputs['checksum-sha256']).toBe(a.outputs['checksum-sha256'])
    expect(b.outputs.ivSessionKey).not.toBe(a.outputs.ivSessionKey)
    expect((await readFile(a.outputs['bundle-path'])).equals(await readFile(b.outputs['bundle-path']))).toBe(false)
  })
})

describe('dist/index.js publishing', () => {
  it('storage capgo: the version row carries the outputs, the uploaded file verifies like a device, channels are set', async () => {
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '1.2.3' })
      const result = await run(
        {
          'private-key': privatePem,
          'capgo-token': capgo.token,
          'capgo-api-url': capgo.apiUrl,
          'capgo-files-url': capgo.filesUrl,
          channel: 'beta, production',
        },
        { workspace },
      )
      expect(result.stdout.split('\n').filter((l) => l.startsWith('::error::'))).toEqual([])
      expect(result.code).toBe(0)
      const row = capgo.rows.get('1.2.3')
      expect(row).toMatchObject({
        session_key: result.outputs.ivSessionKey,
        checksum: result.outputs.checksum,
        key_id: result.outputs['key-id'],
      })
      const stored = [...capgo.objects.values()]
      expect(stored).toHaveLength(1)
      expect(stored[0].equals(await readFile(result.outputs['bundle-path']))).toBe(true)
      expect(Object.fromEntries(capgo.channels)).toEqual({ beta: '1.2.3', production: '1.2.3' })
      expect(result.stdout.split('\n').filter((l) => l.includes(capgo.token) && !l.startsWith('::add-mask::'))).toEqual([])
      for (const url of capgo.issuedUrls)
        expect(result.stdout.split('\n').filter((l) => l.includes(url) && !l.startsWith('::add-mask::'))).toEqual([])
    } finally {
      await capgo.close()
    }
  })

  it('storage s3 with Capgo registration: the object is the bundle, the row points at its public URL', async () => {
    const [s3, capgo] = await Promise.all([startS3Server('capgo-e2e'), CapgoTestServer.start({ appId: 'com.example.test' })])
    try {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', version: '2.0.0' })
      const result = await run(
        {
          'private-key': privatePem,
          storage: 's3',
          's3-bucket': s3.bucket,
          's3-endpoint': s3.endpoint,
          's3-force-path-style': 'true',
          's3-access-key-id': 'S3RVER',
          's3-secret-access-key': 'S3RVER-secret-not-checked',
          'public-url': `${s3.endpoint}/${s3.bucket}/{key}`,
          'allow-insecure-public-url': 'true',
          'verify-upload': 'true',
          'capgo-token': capgo.token,
          'capgo-api-url': capgo.apiUrl,
          'capgo-files-url': capgo.filesUrl,
        },
        { workspace },
      )
      expect(result.stdout.split('\n').filter((l) => l.startsWith('::error::'))).toEqual([])
      expect(result.code).toBe(0)
      expect(result.outputs['storage-key']).toBe('com.example.test/2.0.0/com.example.test_2.0.0.zip')
      expect(result.outputs['bundle-url']).toBe(`${s3.endpoint}/${s3.bucket}/com.example.test/2.0.0/com.example.test_2.0.0.zip`)
      const stored = await readFile(s3.objectPath(result.outputs['storage-key']))
      expect(stored.equals(await readFile(result.outputs['bundle-path']))).toBe(true)
      expect(capgo.rows.get('2.0.0')).toMatchObject({
        storage_provider: 'external',
        external_url: result.outputs['bundle-url'],
        session_key: result.outputs.ivSessionKey,
        key_id: result.outputs['key-id'],
      })
      expect(result.stdout.split('\n').filter((l) => l.includes('S3RVER-secret-not-checked') && !l.startsWith('::add-mask::'))).toEqual([])
    } finally {
      await Promise.all([s3.stop(), capgo.close()])
    }
  })
})
