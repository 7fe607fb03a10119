import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BundleError } from '../src/errors.js'
import type { CapgoSession } from '../src/publish/capgo/session.js'
import { publish, type Backend, type PublishSeams } from '../src/publish/index.js'
import type { CapgoSettings, PackedBundle, PublishResult, StorageSettings } from '../src/types.js'
import { recordingLogger } from './support/fixtures.js'

/** Every call the fakes saw, in order: what publish did, step by step. */
type Call = string

const CAPGO: CapgoSettings = {
  token: 't',
  apiUrl: 'https://api.example',
  filesUrl: 'https://files.example',
  channels: ['beta'],
  versionExists: 'skip',
  tus: 'auto',
  projectDir: '.',
}
const URL_STORAGE: StorageSettings = {
  kind: 'url',
  uploadUrl: 'https://up.example/x',
  headers: {},
  publicUrl: 'https://cdn.example/{version}.zip',
  allowInsecurePublicUrl: false,
  verifyUpload: false,
}
const TARGET = { key: 'bundles/1.0.0.zip', url: 'https://cdn.example/1.0.0.zip' }

interface FakeOptions {
  versionExists?: boolean
  checkFails?: boolean
  putFails?: boolean
  registerFails?: boolean
}

function fakes(options: FakeOptions = {}): { seams: PublishSeams; calls: Call[] } {
  const calls: Call[] = []
  const backend: Backend = {
    async check() {
      calls.push('check')
      if (options.checkFails) throw new BundleError('object_exists', 'exists', 'overwrite')
      return TARGET
    },
    async put() {
      calls.push('put')
      if (options.putFails) throw new BundleError('upload_failed', 'refused')
      return TARGET
    },
  }
  const registered = (dryRun: boolean): PublishResult => ({
    registered: !dryRun,
    skipped: false,
    channels: ['beta'],
    destination: 'capgo',
    versionId: dryRun ? undefined : '7',
  })
  const session: CapgoSession = {
    versionExists: options.versionExists ?? false,
    async publishHosted({ dryRun }) {
      calls.push(`publishHosted dryRun=${dryRun}`)
      return registered(dryRun)
    },
    async registerExternal(url, { dryRun }) {
      calls.push(`registerExternal ${url} dryRun=${dryRun}`)
      if (options.registerFails) throw new BundleError('capgo_http', 'Capgo answered HTTP 500 while setting channel beta to 1.0.0.')
      return registered(dryRun)
    },
    async skipExisting() {
      calls.push('skipExisting')
      return { registered: true, skipped: true, channels: [], destination: 'skipped' }
    },
  }
  return {
    calls,
    seams: {
      async createBackend(settings) {
        calls.push(`createBackend ${settings.kind}`)
        return backend
      },
      async openCapgo() {
        calls.push('openCapgo')
        return session
      },
    },
  }
}

let work: string
let bundle: PackedBundle

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'publish-test-'))
  const path = join(work, 'com.example.app_1.0.0.zip')
  await writeFile(path, Buffer.alloc(64))
  bundle = {
    appId: 'com.example.app',
    version: '1.0.0',
    path,
    fileName: 'com.example.app_1.0.0.zip',
    fileCount: 1,
    zipSize: 50,
    bundleSize: 64,
    sha256: 'ab'.repeat(32),
    checksum: 'c',
    checksumFormat: 'v3',
    ivSessionKey: 'iv:key',
    keyId: 'MIIBCgKCAQEA',
    publicKey: 'pem',
  }
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const withCapgo = { ...URL_STORAGE, registerWith: CAPGO } as StorageSettings

/** [case, storage, dry run, fake behaviour, calls expected, result expected (subset)] */
const cases: [string, StorageSettings, boolean, FakeOptions, Call[], Partial<PublishResult>][] = [
  [
    'local keeps the file and calls nothing',
    { kind: 'local' },
    false,
    {},
    [],
    { registered: false, destination: expect.stringContaining('kept at') as never },
  ],
  [
    'capgo storage publishes hosted',
    { kind: 'capgo', ...CAPGO },
    false,
    {},
    ['openCapgo', 'publishHosted dryRun=false'],
    { registered: true },
  ],
  [
    'capgo storage, dry run: the session is told so',
    { kind: 'capgo', ...CAPGO },
    true,
    {},
    ['openCapgo', 'publishHosted dryRun=true'],
    { registered: false },
  ],
  [
    'custom storage without Capgo uploads',
    URL_STORAGE,
    false,
    {},
    ['createBackend url', 'check', 'put'],
    { registered: false, bundleUrl: TARGET.url, storageKey: TARGET.key },
  ],
  [
    'custom storage without Capgo, dry run: checks, never uploads',
    URL_STORAGE,
    true,
    {},
    ['createBackend url', 'check'],
    { registered: false, bundleUrl: TARGET.url },
  ],
  [
    'custom storage with Capgo uploads, then registers the public URL',
    withCapgo,
    false,
    {},
    ['openCapgo', 'createBackend url', 'check', 'put', `registerExternal ${TARGET.url} dryRun=false`],
    { registered: true, versionId: '7', bundleUrl: TARGET.url, channels: ['beta'] },
  ],
  [
    'custom storage with Capgo, dry run: checks, describes the registration, uploads nothing',
    withCapgo,
    true,
    {},
    ['openCapgo', 'createBackend url', 'check', `registerExternal ${TARGET.url} dryRun=true`],
    { registered: false, channels: ['beta'], destination: `dry run: url ${TARGET.key}` },
  ],
  [
    'version exists with skip: no backend, no upload',
    withCapgo,
    false,
    { versionExists: true },
    ['openCapgo', 'skipExisting'],
    { skipped: true, registered: true },
  ],
  [
    'version exists with skip, dry run: the same',
    withCapgo,
    true,
    { versionExists: true },
    ['openCapgo', 'skipExisting'],
    { skipped: true },
  ],
]

describe('publish() orders the steps of each storage', () => {
  for (const [name, storage, dryRun, options, expectedCalls, expectedResult] of cases) {
    it(name, async () => {
      const { seams, calls } = fakes(options)
      const result = await publish({ storage, dryRun }, bundle, recordingLogger(), seams)
      expect(calls).toEqual(expectedCalls)
      expect(result).toMatchObject(expectedResult)
    })
  }
})

describe('publish() when a step fails', () => {
  it('a refused check uploads and registers nothing', async () => {
    const { seams, calls } = fakes({ checkFails: true })
    await expect(publish({ storage: withCapgo, dryRun: false }, bundle, recordingLogger(), seams)).rejects.toMatchObject({
      code: 'object_exists',
    })
    expect(calls).toEqual(['openCapgo', 'createBackend url', 'check'])
  })

  it('a failed upload registers nothing and warns about nothing uploaded', async () => {
    const { seams, calls } = fakes({ putFails: true })
    const logger = recordingLogger()
    await expect(publish({ storage: withCapgo, dryRun: false }, bundle, logger, seams)).rejects.toMatchObject({ code: 'upload_failed' })
    expect(calls).toEqual(['openCapgo', 'createBackend url', 'check', 'put'])
    expect(logger.lines.filter((line) => line.level === 'warning')).toEqual([])
  })

  it('a registration that fails after the upload says what was uploaded and where, and rethrows', async () => {
    const { seams, calls } = fakes({ registerFails: true })
    const logger = recordingLogger()
    const note = `The bundle was stored but not registered: ${TARGET.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it): delete it, or let the next run's PUT replace it.`
    await expect(publish({ storage: withCapgo, dryRun: false }, bundle, logger, seams)).rejects.toMatchObject({
      code: 'capgo_http',
      message: `Capgo answered HTTP 500 while setting channel beta to 1.0.0. ${note}`,
    })
    expect(calls).toEqual(['openCapgo', 'createBackend url', 'check', 'put', `registerExternal ${TARGET.url} dryRun=false`])
    expect(logger.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([note])
  })

  // ---- net (issue 8, item 13): what happens to the stored object depends on whether a Capgo row points at it ----
  it('a registration that fails with no row left deletes the stored object through the backend, and says so', async () => {
    const { seams, calls } = fakes({ registerFails: true })
    const discarded: string[] = []
    const withDiscard: PublishSeams = {
      ...seams,
      async createBackend(settings, logger, network) {
        const backend = await seams.createBackend(settings, logger, network)
        return { ...backend, discard: async (stored) => (discarded.push(stored.key), { cleaned: `deleted ${stored.key} again` }) }
      },
    }
    const error = await publish({ storage: withCapgo, dryRun: false }, bundle, recordingLogger(), withDiscard).catch(
      (caught: unknown) => caught,
    )
    expect((error as Error).message).toBe(
      `Capgo answered HTTP 500 while setting channel beta to 1.0.0. The bundle was stored but not registered, so deleted ${TARGET.key} again.`,
    )
    expect(discarded).toEqual([TARGET.key])
    expect(calls.at(-1)).toBe(`registerExternal ${TARGET.url} dryRun=false`)
  })

  it('a registration that fails leaving a Capgo row keeps the stored object the row points at, and says so', async () => {
    const { seams } = fakes({ registerFails: true })
    const keeping: PublishSeams = {
      ...seams,
      async openCapgo(settings, bundleArg, logger, network) {
        return Object.assign(await seams.openCapgo(settings, bundleArg, logger, network), { rowMayRemain: true })
      },
      async createBackend(settings, logger, network) {
        const backend = await seams.createBackend(settings, logger, network)
        return { ...backend, discard: async () => ({ cleaned: 'must not be called' }) }
      },
    }
    const error = await publish({ storage: withCapgo, dryRun: false }, bundle, recordingLogger(), keeping).catch(
      (caught: unknown) => caught,
    )
    expect((error as Error).message).toContain(
      `The bundle was stored but not registered: ${TARGET.url} stays, as Capgo version ${bundle.version} points at it.`,
    )
  })
  // ---- end net ----

  it('a bundle that changed after packing is uploaded nowhere', async () => {
    const changed = { ...bundle, path: join(work, 'changed.zip') }
    await writeFile(changed.path, Buffer.alloc(64))
    await appendFile(changed.path, 'x')
    for (const storage of [withCapgo, { kind: 'capgo', ...CAPGO } as StorageSettings]) {
      const { seams, calls } = fakes()
      await expect(publish({ storage, dryRun: false }, changed, recordingLogger(), seams)).rejects.toMatchObject({ code: 'bundle_changed' })
      expect(calls.filter((call) => call === 'put' || call.startsWith('publishHosted') || call.startsWith('registerExternal'))).toEqual([])
    }
  })
})

describe('cleanup after a failed publish', () => {
  it('the encrypted file and the output directory this run made are gone', async () => {
    const { inputsFrom, keyPair, makeProject, removeTempDirs } = await import('./support/fixtures.js')
    const { closedPort } = await import('./support/s3-server.js')
    const { runFromInputs } = await import('../src/pipeline.js')
    const { readdir } = await import('node:fs/promises')
    const { privatePem, publicPem } = keyPair()
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
    const outputDir = join(workspace, 'bundle-out')
    const port = await closedPort()
    const values = {
      storage: 'url',
      'upload-url': `http://127.0.0.1:${port}/up?sig=abcdefgh12345678`,
      'public-url': 'https://cdn.example.com/{version}.zip',
      'output-dir': outputDir,
    }
    const logger = recordingLogger()
    const run = runFromInputs(inputsFrom({ 'private-key': privatePem, ...values }), logger, { GITHUB_WORKSPACE: workspace }, workspace)
    await expect(run).rejects.toMatchObject({ code: 'upload_unreachable', input: 'upload-url' })
    expect(logger.lines.some((line) => line.message.startsWith('Packed '))).toBe(true)
    expect(await readdir(outputDir).catch(() => 'gone')).toBe('gone')
    await removeTempDirs()
  })
})
