// What mutation testing of src/publish/index.ts found untested (issue 9, "Test quality, measured"):
// release control's early result, the network settings handed to every seam, the lines a run logs,
// a cancel while registering, and errors that are not BundleErrors.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CancelledError, DEFAULT_REQUEST_TIMEOUT_MS, RunGuard } from '../src/cleanup.js'
import { BundleError } from '../src/errors.js'
import type { CapgoSession } from '../src/publish/capgo/session.js'
import { createBackend, publish, type Backend, type PublishSeams } from '../src/publish/index.js'
import type { CapgoSettings, CustomStorageSettings, Network, PackedBundle, PublishResult, StorageSettings } from '../src/types.js'
import { recordingLogger } from './support/fixtures.js'

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
const WITH_CAPGO = { ...URL_STORAGE, registerWith: CAPGO } as StorageSettings
const TARGET = { key: 'bundles/1.0.0.zip', url: 'https://cdn.example/1.0.0.zip' }

interface Options {
  session?: Partial<CapgoSession>
  backend?: Partial<Backend>
}

/** Fakes that record every call and the Network each seam was given. */
function fakes(options: Options = {}) {
  const calls: string[] = []
  const networks: Network[] = []
  const backend: Backend = {
    async check() {
      calls.push('check')
      return TARGET
    },
    async put() {
      calls.push('put')
      return TARGET
    },
    ...options.backend,
  }
  const result = (dryRun: boolean): PublishResult => ({ registered: !dryRun, skipped: false, channels: ['beta'], destination: 'capgo' })
  const session: CapgoSession = {
    versionExists: false,
    async publishHosted({ dryRun }) {
      calls.push(`publishHosted dryRun=${dryRun}`)
      return result(dryRun)
    },
    async registerExternal(_url, { dryRun }) {
      calls.push(`registerExternal dryRun=${dryRun}`)
      return result(dryRun)
    },
    async skipExisting() {
      calls.push('skipExisting')
      return { registered: true, skipped: true, channels: [], destination: 'skipped' }
    },
    ...options.session,
  }
  const seams: PublishSeams = {
    async createBackend(settings, _logger, network) {
      calls.push(`createBackend ${settings.kind}`)
      networks.push(network)
      return backend
    },
    async openCapgo(_settings, _bundle, _logger, network) {
      calls.push('openCapgo')
      networks.push(network)
      return session
    },
  }
  return { seams, calls, networks }
}

let work: string
let bundle: PackedBundle
let changed: PackedBundle

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'publish-orchestrator-'))
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
  // A file of another size than was packed: publishing it must be refused unless nothing is uploaded.
  changed = { ...bundle, path: join(work, 'changed.zip') }
  await writeFile(changed.path, Buffer.alloc(65))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('publish() hands every seam the same network settings', () => {
  it('request-timeout from the plan and the run guard, for the backend and the Capgo session', async () => {
    const { seams, networks } = fakes()
    const guard = new RunGuard()
    await publish({ storage: WITH_CAPGO, dryRun: false, requestTimeoutMs: 1234 }, bundle, recordingLogger(), seams, guard)
    expect(networks).toHaveLength(2)
    for (const network of networks) {
      expect(network.requestTimeoutMs).toBe(1234)
      expect(network.guard).toBe(guard)
    }
  })

  it('without request-timeout, the 60 s default', async () => {
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(60_000)
    const { seams, networks } = fakes()
    await publish({ storage: { kind: 'capgo', ...CAPGO }, dryRun: false }, bundle, recordingLogger(), seams)
    await publish({ storage: URL_STORAGE, dryRun: false }, bundle, recordingLogger(), seams)
    expect(networks.map((network) => network.requestTimeoutMs)).toEqual([60_000, 60_000])
  })
})

describe('publish() with release control', () => {
  it('an early result from preflight (unchanged) ends the run before the backend exists', async () => {
    const early: PublishResult = { registered: false, skipped: true, channels: [], destination: 'unchanged' }
    const { seams, calls } = fakes({ session: { preflight: async () => early } })
    expect(await publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams)).toBe(early)
    expect(calls).toEqual(['openCapgo'])
  })

  it('no early result: the upload and registration follow', async () => {
    const { seams, calls } = fakes({ session: { preflight: async () => undefined } })
    await publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams)
    expect(calls).toEqual(['openCapgo', 'createBackend url', 'check', 'put', 'registerExternal dryRun=false'])
  })
})

describe('publish() reads the packed file only when it is about to be uploaded', () => {
  it('Capgo storage: refuses a changed file before publishing, ignores it for a dry run or an existing version', async () => {
    const refused = fakes()
    await expect(
      publish({ storage: { kind: 'capgo', ...CAPGO }, dryRun: false }, changed, recordingLogger(), refused.seams),
    ).rejects.toMatchObject({ code: 'bundle_changed' })
    expect(refused.calls).toEqual(['openCapgo'])
    const dry = fakes()
    await publish({ storage: { kind: 'capgo', ...CAPGO }, dryRun: true }, changed, recordingLogger(), dry.seams)
    expect(dry.calls).toEqual(['openCapgo', 'publishHosted dryRun=true'])
    const existing = fakes({ session: { versionExists: true } })
    await publish({ storage: { kind: 'capgo', ...CAPGO }, dryRun: false }, changed, recordingLogger(), existing.seams)
    expect(existing.calls).toEqual(['openCapgo', 'publishHosted dryRun=false'])
  })

  it('custom storage: a dry run of a changed file checks and describes, uploads nothing', async () => {
    const { seams, calls } = fakes()
    await publish({ storage: URL_STORAGE, dryRun: true }, changed, recordingLogger(), seams)
    expect(calls).toEqual(['createBackend url', 'check'])
  })
})

describe('publish() says what it did', () => {
  it('a dry run names the file, the key, the storage and the public URL; without Capgo no channels', async () => {
    const { seams } = fakes()
    const logger = recordingLogger()
    const result = await publish({ storage: URL_STORAGE, dryRun: true }, bundle, logger, seams)
    expect(logger.lines).toEqual([
      { level: 'info', message: `Dry run: would upload ${bundle.fileName} to ${TARGET.key} (url), public URL ${TARGET.url}` },
    ])
    expect(result).toEqual({
      bundleUrl: TARGET.url,
      storageKey: TARGET.key,
      registered: false,
      skipped: false,
      channels: [],
      destination: `dry run: url ${TARGET.key}`,
    })
  })

  it('an upload without Capgo logs where it went and returns it', async () => {
    const { seams } = fakes()
    const logger = recordingLogger()
    const result = await publish({ storage: URL_STORAGE, dryRun: false }, bundle, logger, seams)
    expect(logger.lines).toEqual([{ level: 'info', message: `Stored ${bundle.fileName} at ${TARGET.key}` }])
    expect(result).toEqual({
      bundleUrl: TARGET.url,
      storageKey: TARGET.key,
      registered: false,
      skipped: false,
      channels: [],
      destination: `url ${TARGET.key}`,
    })
  })

  it('an upload registered with Capgo returns the registration with where the file is', async () => {
    const { seams } = fakes()
    const result = await publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams)
    expect(result).toEqual({
      registered: true,
      skipped: false,
      channels: ['beta'],
      bundleUrl: TARGET.url,
      storageKey: TARGET.key,
      destination: `url ${TARGET.key}, registered with Capgo`,
    })
  })

  it('local storage: the file stays where it was packed', async () => {
    const { seams, calls } = fakes()
    expect(await publish({ storage: { kind: 'local' }, dryRun: false }, bundle, recordingLogger(), seams)).toEqual({
      registered: false,
      skipped: false,
      channels: [],
      destination: `kept at ${bundle.path}`,
    })
    expect(calls).toEqual([])
  })
})

describe('publish() after a failed registration', () => {
  it('a stored object it deleted again is no warning; the registration is no longer undoable', async () => {
    const { seams } = fakes({
      session: { registerExternal: async () => Promise.reject(new BundleError('capgo_http', 'Capgo answered HTTP 500.')) },
      backend: { discard: async (stored) => ({ cleaned: `deleted ${stored.key} again` }) },
    })
    const logger = recordingLogger()
    const guard = new RunGuard()
    await expect(publish({ storage: WITH_CAPGO, dryRun: false }, bundle, logger, seams, guard)).rejects.toThrow(
      `Capgo answered HTTP 500. The bundle was stored but not registered, so deleted ${TARGET.key} again.`,
    )
    expect(logger.lines.filter((line) => line.level === 'warning')).toEqual([])
    expect(guard.registered()).toEqual([])
  })

  it('an error that is not a BundleError is rethrown as it is, after the same clean-up and warning', async () => {
    const failure = new TypeError('socket hang up')
    const discarded: string[] = []
    const { seams } = fakes({
      session: { registerExternal: async () => Promise.reject(failure) },
      backend: { discard: async (stored) => (discarded.push(stored.key), { left: `${stored.key} could not be deleted` }) },
    })
    const logger = recordingLogger()
    await expect(publish({ storage: WITH_CAPGO, dryRun: false }, bundle, logger, seams)).rejects.toBe(failure)
    expect(discarded).toEqual([TARGET.key])
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: `The bundle was stored but not registered: ${TARGET.key} could not be deleted.`,
    })
  })

  it('a successful registration leaves nothing for a later cancel to undo', async () => {
    const { seams } = fakes({ backend: { discard: async () => ({ cleaned: 'must not run' }) } })
    const guard = new RunGuard()
    await publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams, guard)
    expect(guard.registered()).toEqual([])
    expect(await guard.cancel('test')).not.toContain('must not run')
  })
})

describe('publish() cancelled while registering', () => {
  /** A registration that is cancelled mid-way: the guard's undo runs, then the request fails as cancelled. */
  function cancelling(guard: RunGuard, rowMayRemain: boolean, report: string[]) {
    const discarded: string[] = []
    const { seams } = fakes({
      session: {
        rowMayRemain,
        registerExternal: async () => {
          report.push(await guard.cancel('SIGTERM'))
          throw new CancelledError('SIGTERM')
        },
      },
      backend: {
        discard: async (stored, signal) => (
          discarded.push(`${stored.key} ${signal ? 'bounded' : 'unbounded'}`),
          { cleaned: `deleted ${stored.key}` }
        ),
      },
    })
    return { seams, discarded }
  }

  it('the object nothing refers to is deleted once, by the cancel, within its budget', async () => {
    const guard = new RunGuard()
    const report: string[] = []
    const { seams, discarded } = cancelling(guard, false, report)
    const logger = recordingLogger()
    await expect(publish({ storage: WITH_CAPGO, dryRun: false }, bundle, logger, seams, guard)).rejects.toBeInstanceOf(CancelledError)
    expect(discarded).toEqual([`${TARGET.key} bounded`])
    expect(report[0]).toContain(`deleted ${TARGET.key}`)
    expect(logger.lines.filter((line) => line.level === 'warning')).toEqual([])
  })

  it('an object a Capgo row may point at stays, and the cancel report says so', async () => {
    const guard = new RunGuard()
    const report: string[] = []
    const { seams, discarded } = cancelling(guard, true, report)
    await expect(publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams, guard)).rejects.toBeInstanceOf(
      CancelledError,
    )
    expect(discarded).toEqual([])
    expect(report[0]).toContain(`${TARGET.url} stays: Capgo version ${bundle.version} may point at it`)
  })

  it('a backend that cannot delete (a presigned PUT) says the file stays', async () => {
    const guard = new RunGuard()
    const report: string[] = []
    const { seams } = fakes({
      session: {
        registerExternal: async () => {
          report.push(await guard.cancel('SIGINT'))
          throw new CancelledError('SIGINT')
        },
      },
    })
    await expect(publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams, guard)).rejects.toBeInstanceOf(
      CancelledError,
    )
    expect(report[0]).toContain(`${TARGET.url} keeps the file of this run, registered nowhere (a presigned PUT cannot delete it)`)
  })
})

describe('publish() odds and ends', () => {
  it('an existing version is skipped with the dry-run flag passed on', async () => {
    for (const dryRun of [false, true]) {
      const seen: unknown[] = []
      const { seams } = fakes({
        session: {
          versionExists: true,
          skipExisting: async (options) => (seen.push(options), { registered: true, skipped: true, channels: [], destination: 'skipped' }),
        },
      })
      await publish({ storage: WITH_CAPGO, dryRun }, bundle, recordingLogger(), seams)
      expect(seen).toEqual([{ dryRun }])
    }
  })

  it('while registering, the stored object is registered with the guard under its name', async () => {
    const guard = new RunGuard()
    const during: string[][] = []
    const { seams } = fakes({
      session: {
        registerExternal: async () => (
          during.push(guard.registered()),
          { registered: true, skipped: false, channels: [], destination: 'capgo' }
        ),
      },
    })
    await publish({ storage: WITH_CAPGO, dryRun: false }, bundle, recordingLogger(), seams, guard)
    expect(during).toEqual([[`the object ${TARGET.url}`]])
  })

  it('createBackend loads the backend of each custom storage kind', async () => {
    const s3: CustomStorageSettings = {
      kind: 's3',
      bucket: 'b',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      keyTemplate: '{version}.zip',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      publicUrl: 'https://cdn.example/{key}',
      allowInsecurePublicUrl: false,
      overwrite: false,
    } as CustomStorageSettings
    const github: CustomStorageSettings = {
      kind: 'github-release',
      repository: 'o/r',
      tag: 'v1',
      token: 't',
      apiUrl: 'http://127.0.0.1:9',
      serverUrl: 'https://github.com',
      overwrite: false,
      verifyUpload: false,
    } as CustomStorageSettings
    for (const settings of [s3, github, URL_STORAGE as CustomStorageSettings]) {
      const backend = await createBackend(settings, recordingLogger())
      expect(typeof backend?.check, settings.kind).toBe('function')
      expect(typeof backend?.put, settings.kind).toBe('function')
    }
  })
})
