import { createHash, randomBytes } from 'node:crypto'
import { existsSync, renameSync, truncateSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { verifyManifest } from '../src/bundle/verify-manifest.js'
import { RunGuard } from '../src/cleanup.js'
import { BundleError } from '../src/errors.js'
import { checkDeltaSettings as checkUrlDelta, deltaUploadUrlOf } from '../src/publish/http-put-settings.js'
import { publish } from '../src/publish/index.js'
import { encodeKeyPath } from '../src/publish/public-url.js'
import { checkDeltaSettings as checkS3Delta } from '../src/publish/s3-settings.js'
import type { CapgoSession } from '../src/publish/capgo/session.js'
import type { CapgoSettings, DeltaSettings, PackedBundle, PublishResult, S3StorageSettings, UrlStorageSettings } from '../src/types.js'
import { makeDeltaBundle, verifyAsDevice, type ManifestEntryLike } from './support/delta-fixture.js'
import { bundleErrorOf, keyPair, recordingLogger } from './support/fixtures.js'
import { startFaultProxy, startS3Server, type FaultProxy, type S3TestServer, proxiedS3Settings } from './support/s3-server.js'

/*
 * Delta (manifest) updates on our own storage (issue 11): s3 against s3rver
 * behind the recording fault proxy, url against a loopback PUT server. Every
 * stored file is fetched from its download_url and checked as a device would
 * (decrypt with the session key, un-Brotli .br, hash recovered from file_hash).
 */

const SECRET = 'delta-upload-secret-0123456789abcdef'

interface Fixture {
  bundle: PackedBundle
  buildDir: string
}

let work: string
let s3: S3TestServer
let proxy: FaultProxy
let runNumber = 0

/** A build with nested paths, a name with a space, a file large and compressible enough for .br, an empty file (never an entry) and random bytes. */
async function makeFixture(version: string, encrypted = true, moreFiles = 0): Promise<Fixture> {
  const root = await mkdtemp(join(work, 'fixture-'))
  const buildDir = join(root, 'build')
  await mkdir(join(buildDir, 'assets', 'deep'), { recursive: true })
  await writeFile(join(buildDir, 'index.html'), '<!doctype html><script src="assets/app.js"></script>')
  await writeFile(join(buildDir, 'assets', 'app.js'), 'console.log("hello");\n'.repeat(2000))
  await writeFile(join(buildDir, 'assets', 'deep', 'logo one.bin'), randomBytes(20_000))
  await writeFile(join(buildDir, 'assets', 'style.css'), 'body{color:red}')
  await writeFile(join(buildDir, 'assets', 'empty.txt'), '')
  for (let i = 0; i < moreFiles; i++) await writeFile(join(buildDir, 'assets', `more-${i}.bin`), randomBytes(30_000))
  const { privatePem } = keyPair(0)
  const logger = recordingLogger()
  const packed = await packBundle(
    {
      buildDir,
      appId: 'com.example.delta',
      version,
      outputDir: join(root, 'out'),
      key: parsePrivateKey(privatePem, logger),
      checksumFormat: 'v3',
    },
    logger,
  )
  const delta = await makeDeltaBundle(buildDir, packed, privatePem, join(root, 'out', 'delta'), { encrypted })
  return { bundle: { ...packed, delta }, buildDir }
}

function deltaPlan(mode: DeltaSettings['mode'] = 'true', uploadUrl?: string): DeltaSettings {
  return { mode, autoFromConfig: false, encrypted: true, brotli: true, brotliExclude: [], uploadUrl, candidates: [] }
}

function s3Settings(overrides: Partial<S3StorageSettings> = {}): S3StorageSettings {
  return proxiedS3Settings(s3, proxy, `run-${++runNumber}/{appId}/{version}/{appId}_{version}.zip`, { verifyUpload: true, ...overrides })
}

/** `{bundle key without .zip}`, spelled out independently of the code under test. */
function prefixOf(settings: S3StorageSettings, bundle: PackedBundle): string {
  return settings.keyTemplate
    .replaceAll('{appId}', bundle.appId)
    .replaceAll('{version}', bundle.version)
    .replace(/\.zip$/, '')
}

/** Every object key s3rver holds under `prefix`, from its directory (s3rver keeps `<key>._S3rver_object`). */
async function keysUnder(prefix: string): Promise<string[]> {
  const root = s3.objectPath('x').replace(/x\._S3rver_object$/, '')
  const found: string[] = []
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await visit(path)
      else if (entry.name.endsWith('._S3rver_object'))
        found.push(
          relative(root, path)
            .split(sep)
            .join('/')
            .replace(/\._S3rver_object$/, ''),
        )
    }
  }
  await visit(root)
  return found.filter((key) => key.startsWith(prefix)).sort()
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url)
  expect(response.status, url).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

/** What a device does with the manifest: fetch each download_url, decrypt, un-Brotli, check the hash; returns the installed tree. */
async function installAsDevice(
  entries: Array<ManifestEntryLike & { download_url: string }>,
  bundle: PackedBundle,
): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>()
  const dir = await mkdtemp(join(work, 'downloaded-'))
  const onDisk: Array<{ fileName: string; fileHash: string; path: string }> = []
  for (const [at, entry] of entries.entries()) {
    const body = await download(entry.download_url)
    bodies.set(entry.file_name, body)
    const path = join(dir, String(at))
    await writeFile(path, body)
    onDisk.push({ fileName: entry.file_name, fileHash: entry.file_hash, path })
  }
  // delta-core's verifyManifest (what `capgo-bundle verify --manifest` runs), and the test's own independent device model.
  const checked = await verifyManifest({ entries: onDisk, ivSessionKey: bundle.ivSessionKey, publicKey: bundle.publicKey })
  expect(checked.entries).toBe(entries.length)
  return verifyAsDevice(entries, (entry) => bodies.get(entry.file_name), { ivSessionKey: bundle.ivSessionKey, publicKey: bundle.publicKey })
}

/** The build's non-empty files, by posix path. */
async function buildTree(buildDir: string): Promise<Map<string, Buffer>> {
  const tree = new Map<string, Buffer>()
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await visit(path)
      else {
        const body = await readFile(path)
        if (body.length) tree.set(relative(buildDir, path).split(sep).join('/'), body)
      }
    }
  }
  await visit(buildDir)
  return tree
}

const writes = () => proxy.requests.filter((r) => ['PutObject', 'UploadPart', 'CompleteMultipartUpload'].includes(r.operation))

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'custom-delta-test-'))
  s3 = await startS3Server()
  proxy = await startFaultProxy(s3.endpoint)
})

afterAll(async () => {
  await proxy?.stop()
  await s3?.stop()
  await rm(work, { recursive: true, force: true })
})

beforeEach(() => {
  proxy.requests.length = 0
  proxy.setFault(() => 'pass')
})

describe('delta on s3', () => {
  it('stores every file under {bundle key without .zip}/delta/{sha256}_{file_name}, manifest.json last, and a device installs the build from it', async () => {
    const { bundle, buildDir } = await makeFixture('1.0.0')
    const delta = bundle.delta!
    const settings = s3Settings()
    const prefix = prefixOf(settings, bundle)
    const logger = recordingLogger()

    const result = await publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, logger)

    // The names the issue asks for: sha256 of the original, file_name with / and .br kept.
    expect(delta.files.map((file) => file.fileName).sort()).toEqual([
      'assets/app.js.br',
      'assets/deep/logo one.bin',
      'assets/style.css',
      'index.html',
    ])
    const expectedKeys = [
      ...delta.files.map((file) => `${prefix}/delta/${file.sha256}_${file.fileName}`),
      `${prefix}/manifest.json`,
      `${prefix}.zip`,
    ].sort()
    expect(await keysUnder(prefix)).toEqual(expectedKeys)
    for (const file of delta.files) {
      expect(await readFile(s3.objectPath(`${prefix}/delta/${file.sha256}_${file.fileName}`))).toEqual(await readFile(file.path))
    }

    // manifest.json: the entries in walk order, download_url built as bundle-url is (path-style endpoint URL, segments encoded).
    const manifest = JSON.parse(await readFile(s3.objectPath(`${prefix}/manifest.json`), 'utf8')) as Array<{
      file_name: string
      file_hash: string
      download_url: string
    }>
    expect(manifest).toEqual(
      delta.files.map((file) => ({
        file_name: file.fileName,
        file_hash: file.fileHash,
        download_url: `${proxy.endpoint}/${s3.bucket}/${encodeKeyPath(`${prefix}/delta/${file.sha256}_${file.fileName}`)}`,
      })),
    )
    expect(manifest.find((entry) => entry.file_name === 'assets/deep/logo one.bin')?.download_url).toContain('/logo%20one.bin')

    // Outputs: the manifest kept in output-dir is the one uploaded.
    expect(result.delta).toEqual({
      files: delta.files.length,
      bytes: delta.bytes,
      manifestPath: join(bundle.path, '..', `${bundle.appId}_${bundle.version}.manifest.json`),
      manifestUrl: `${proxy.endpoint}/${s3.bucket}/${encodeKeyPath(`${prefix}/manifest.json`)}`,
    })
    expect(await readFile(result.delta!.manifestPath, 'utf8')).toBe(await readFile(s3.objectPath(`${prefix}/manifest.json`), 'utf8'))
    expect(result.bundleUrl).toBe(`${proxy.endpoint}/${s3.bucket}/${encodeKeyPath(`${prefix}.zip`)}`)

    // Order: every delta file, then the zip, then manifest.json as the very last write.
    const order = writes().map((request) => decodeURIComponent(request.path))
    expect(order.at(-1)).toBe(`/${s3.bucket}/${prefix}/manifest.json`)
    const zipAt = order.findIndex((path) => path.endsWith('.zip'))
    expect(order.slice(0, zipAt).sort()).toEqual(
      delta.files.map((file) => `/${s3.bucket}/${prefix}/delta/${file.sha256}_${file.fileName}`).sort(),
    )

    // A device fetches every download_url and installs the build's tree, empty file excepted.
    const installed = await installAsDevice(manifest, bundle)
    expect(installed).toEqual(await buildTree(buildDir))
  })

  it('verify-upload downloads of many delta files at once add no MaxListenersExceededWarning: each request has a signal of its own', async () => {
    // 64 files: 16 uploads in flight, each downloading its file again to verify it.
    const { bundle } = await makeFixture('1.0.0', true, 60)
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      await publish({ storage: s3Settings({ verifyUpload: true }), dryRun: false, delta: deltaPlan() }, bundle, recordingLogger())
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
    }
    expect(proxy.requests.filter((request) => request.operation === 'GetObject').length).toBeGreaterThanOrEqual(bundle.delta!.files.length)
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })

  it('a file failing mid-way leaves no manifest.json, no zip, and removes the delta files this run stored', async () => {
    const { bundle } = await makeFixture('1.0.1')
    const settings = s3Settings()
    const prefix = prefixOf(settings, bundle)
    // style.css is refused for good (403 is not retried); the others go through.
    proxy.setFault((request) => (request.operation === 'PutObject' && request.path.includes('style.css') ? { status: 403 } : 'pass'))
    const logger = recordingLogger()

    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, logger))

    expect(error.message).toMatch(/style\.css/)
    expect(error.message).toMatch(/Delta: deleted the \d+ delta objects this run stored/)
    expect(writes().some((request) => request.path.endsWith('manifest.json'))).toBe(false)
    expect(writes().some((request) => request.path.endsWith('.zip'))).toBe(false)
    expect(writes().filter((request) => request.status === 200).length).toBeGreaterThan(0)
    expect(await keysUnder(prefix)).toEqual([])
  })

  it('a failing manifest.json removes the delta files and the zip of this run', async () => {
    const { bundle } = await makeFixture('1.0.2')
    const settings = s3Settings()
    const prefix = prefixOf(settings, bundle)
    proxy.setFault((request) => (request.operation === 'PutObject' && request.path.endsWith('manifest.json') ? { status: 403 } : 'pass'))

    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger()))

    expect(error.message).toMatch(/manifest\.json/)
    expect(error.message).toMatch(/deleted s3:\/\/.*\.zip again/)
    expect(await keysUnder(prefix)).toEqual([])
  })

  it('confirms the delta files by one listing per 1,000 keys, not a HeadObject each, before the zip and manifest.json', async () => {
    const { bundle } = await makeFixture('1.0.11')
    const settings = s3Settings({ verifyUpload: false })
    const prefix = prefixOf(settings, bundle)

    await publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger())

    const deltaKey = (request: { path: string }) => decodeURIComponent(request.path).includes(`/${prefix}/delta/`)
    expect(proxy.requests.filter((request) => request.operation === 'HeadObject' && deltaKey(request))).toEqual([])
    const listings = proxy.requests.filter((request) => request.method === 'GET' && request.path === `/${s3.bucket}/`)
    expect(listings).toHaveLength(1)
    // After every delta file, before the zip and manifest.json.
    const at = proxy.requests.indexOf(listings[0])
    const lastFile = Math.max(
      ...proxy.requests.flatMap((request, i) => (request.operation === 'PutObject' && deltaKey(request) ? [i] : [])),
    )
    const firstLater = proxy.requests.findIndex((request) => writes().includes(request) && !deltaKey(request))
    expect(at).toBeGreaterThan(lastFile)
    expect(at).toBeLessThan(firstLater)
  })

  it('a delta file stored with the wrong size fails the run before manifest.json, and the files are removed', async () => {
    const { bundle } = await makeFixture('1.0.12')
    const settings = s3Settings({ verifyUpload: false })
    const prefix = prefixOf(settings, bundle)
    const file = bundle.delta!.files.find((entry) => entry.fileName === 'assets/style.css')!
    const key = `${prefix}/delta/${file.sha256}_${file.fileName}`
    // Something else rewrites style.css between its upload and the listing that confirms it.
    proxy.setFault((request) => {
      if (request.method === 'GET' && request.path === `/${s3.bucket}/`) truncateSync(s3.objectPath(key), 1)
      return 'pass'
    })

    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger()))

    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toContain(`s3://${s3.bucket}/${key} holds 1 bytes after the upload of assets/style.css instead of ${file.size}.`)
    expect(writes().some((request) => request.path.endsWith('manifest.json') || request.path.endsWith('.zip'))).toBe(false)
    expect(await keysUnder(prefix)).toEqual([])
  })

  it('a delta file missing from the listing is confirmed by HeadObject', async () => {
    const { bundle } = await makeFixture('1.0.13')
    const settings = s3Settings({ verifyUpload: false })
    const prefix = prefixOf(settings, bundle)
    const file = bundle.delta!.files.find((entry) => entry.fileName === 'index.html')!
    const key = `${prefix}/delta/${file.sha256}_${file.fileName}`
    // The listing lacks index.html (as from a store whose listings lag behind its writes); HeadObject then finds it.
    const stored = s3.objectPath(key)
    let hidden = false
    proxy.setFault((request) => {
      if (request.method === 'GET' && request.path === `/${s3.bucket}/` && !hidden) {
        renameSync(stored, `${stored}.hidden`)
        hidden = true
      }
      if (request.operation === 'HeadObject' && hidden && existsSync(`${stored}.hidden`)) renameSync(`${stored}.hidden`, stored)
      return 'pass'
    })

    const result = await publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger())

    expect(hidden).toBe(true)
    expect(result.delta?.files).toBe(4)
    expect(
      proxy.requests.filter((request) => request.operation === 'HeadObject' && decodeURIComponent(request.path).endsWith(key)),
    ).toHaveLength(1)
  })

  it('refuses before any write when manifest.json exists and overwrite is false', async () => {
    const { bundle } = await makeFixture('1.0.3')
    const settings = s3Settings()
    await publish(
      { storage: { ...settings, keyTemplate: settings.keyTemplate }, dryRun: false, delta: deltaPlan('only') },
      bundle,
      recordingLogger(),
    )
    proxy.requests.length = 0

    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan('only') }, bundle, recordingLogger()))

    expect(error.code).toBe('object_exists')
    expect(error.input).toBe('overwrite')
    expect(writes()).toEqual([])
  })

  it('delta: only stores the files and manifest.json without the zip; delta: false or auto without the config stores the zip alone', async () => {
    const { bundle } = await makeFixture('1.0.4')
    const only = s3Settings()
    const onlyPrefix = prefixOf(only, bundle)
    const result = await publish({ storage: only, dryRun: false, delta: deltaPlan('only') }, bundle, recordingLogger())
    expect(result.bundleUrl).toBeUndefined()
    expect(await keysUnder(onlyPrefix)).toEqual(
      [...bundle.delta!.files.map((file) => `${onlyPrefix}/delta/${file.sha256}_${file.fileName}`), `${onlyPrefix}/manifest.json`].sort(),
    )

    for (const mode of ['false', 'auto'] as const) {
      const settings = s3Settings()
      const prefix = prefixOf(settings, bundle)
      const zipOnly = await publish({ storage: settings, dryRun: false, delta: deltaPlan(mode) }, bundle, recordingLogger())
      expect(zipOnly.delta).toBeUndefined()
      expect(await keysUnder(prefix)).toEqual([`${prefix}.zip`])
    }
  })

  it('retries a delta file answered 500 once, and the run succeeds', async () => {
    const { bundle } = await makeFixture('1.0.6')
    const settings = s3Settings()
    proxy.setFault((request, history) =>
      request.operation === 'PutObject' && request.path.includes('index.html') && !history.some((seen) => seen.path === request.path)
        ? { status: 500 }
        : 'pass',
    )
    const logger = recordingLogger()
    const result = await publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, logger)
    expect(result.delta?.files).toBe(4)
    expect(
      writes()
        .filter((request) => request.path.includes('index.html'))
        .map((request) => request.status),
    ).toEqual([500, 200])
    expect(await keysUnder(`${prefixOf(settings, bundle)}/manifest.json`)).toHaveLength(1)
  })

  it('a cancel while delta files upload removes every object of this run, the late ones included', async () => {
    const { bundle } = await makeFixture('1.0.7')
    const settings = s3Settings()
    const guard = new RunGuard()
    let cancelled: Promise<string> | undefined
    // The cancel arrives while style.css is on the wire; the other files may be done or in flight.
    proxy.setFault((request) => {
      if (request.operation === 'PutObject' && request.path.includes('style.css')) cancelled ??= guard.cancel('test cancel')
      return 'pass'
    })
    const run = publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger(), undefined, guard)
    await expect(run).rejects.toThrow()
    expect(await cancelled).toMatch(/deleted the 4 delta objects this run stored/)
    expect(writes().some((request) => request.path.endsWith('manifest.json') || request.path.endsWith('.zip'))).toBe(false)
    expect(await keysUnder(prefixOf(settings, bundle))).toEqual([])
  })

  it('a cancel while manifest.json uploads removes the zip and the delta files of this run', async () => {
    const { bundle } = await makeFixture('1.0.10')
    const settings = s3Settings()
    const guard = new RunGuard()
    let cancelled: Promise<string> | undefined
    proxy.setFault((request) => {
      if (request.operation === 'PutObject' && request.path.endsWith('manifest.json')) cancelled ??= guard.cancel('test cancel')
      return 'pass'
    })
    await expect(
      publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger(), undefined, guard),
    ).rejects.toThrow()
    expect(await cancelled).toMatch(/deleted .*\.zip again/)
    expect(writes().some((request) => request.path.endsWith('.zip'))).toBe(true)
    // The zip (stored before the manifest) goes too; manifest.json is gone as well (its PUT is awaited before the delete;
    // on loopback the race it prevents does not show, so this line alone would not catch its loss).
    expect(await keysUnder(prefixOf(settings, bundle))).toEqual([])
  })

  it('with register on, Capgo gets the zip alone (it takes no external manifest) and the run says so', async () => {
    const { bundle } = await makeFixture('1.0.8')
    const settings = s3Settings({ registerWith: { appId: bundle.appId } as unknown as CapgoSettings })
    const registered: string[] = []
    const session: CapgoSession = {
      versionExists: false,
      publishHosted: () => Promise.reject(new Error('not hosted')),
      skipExisting: () => Promise.reject(new Error('no skip')),
      async registerExternal(url): Promise<PublishResult> {
        registered.push(url)
        return { registered: true, skipped: false, channels: ['production'], destination: '' }
      },
    }
    const logger = recordingLogger()
    const result = await publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, logger, {
      createBackend: (storage, log, network) =>
        import('../src/publish/index.js').then((module) => module.createBackend(storage, log, network)),
      openCapgo: async () => session,
    })
    expect(registered).toEqual([result.bundleUrl])
    expect(registered[0]).toMatch(/\.zip$/)
    expect(result.delta?.manifestUrl).toMatch(/manifest\.json$/)
    expect(result.channels).toEqual(['production'])
    expect(logger.text()).toMatch(/Capgo does not accept an external manifest .* registered with the zip alone/)
  })

  it('delta: only with register on is refused before anything is written', async () => {
    const { bundle } = await makeFixture('1.0.9')
    const settings = s3Settings({ registerWith: { appId: bundle.appId } as unknown as CapgoSettings })
    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan('only') }, bundle, recordingLogger()))
    expect(error.code).toBe('delta_only_register')
    expect(proxy.requests).toEqual([])
  })

  it('a dry run checks and plans the delta but writes nothing', async () => {
    const { bundle } = await makeFixture('1.0.5')
    const settings = s3Settings()
    const logger = recordingLogger()
    const result = await publish({ storage: settings, dryRun: true, delta: deltaPlan() }, bundle, logger)
    expect(result.delta).toMatchObject({ files: bundle.delta!.files.length, bytes: 0, manifestPath: '' })
    expect(result.delta?.manifestUrl).toMatch(/manifest\.json$/)
    expect(writes()).toEqual([])
    expect(logger.text()).toMatch(/would upload 4 delta files, then manifest\.json/)
  })
})

interface Put {
  path: string
  headers: IncomingHttpHeaders
  sha256: string
}

/** PUTs under /upload/<path> (needs ?sig=SECRET), served under /files/<path>. */
function startPutServer() {
  const puts: Put[] = []
  const stored = new Map<string, Buffer>()
  const load = { inFlight: 0, most: 0, delayMs: 0 }
  let refuse: (path: string) => boolean = () => false
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://server')
    const path = decodeURIComponent(url.pathname)
    if (req.method === 'GET' && path.startsWith('/files/')) {
      const body = stored.get(path.slice('/files/'.length))
      if (!body) return void res.writeHead(404).end()
      return void res.writeHead(200, { 'content-length': body.length }).end(body)
    }
    const chunks: Buffer[] = []
    load.most = Math.max(load.most, ++load.inFlight)
    res.once('close', () => load.inFlight--)
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      // Held a moment so uploads overlap and the bound on files in flight shows.
      if (load.delayMs) await new Promise((resolve) => setTimeout(resolve, load.delayMs))
      const body = Buffer.concat(chunks)
      const name = path.slice('/upload/'.length)
      puts.push({
        path: `${name}?sha=${url.searchParams.get('sha')}`,
        headers: req.headers,
        sha256: createHash('sha256').update(body).digest('hex'),
      })
      if (req.method !== 'PUT' || url.searchParams.get('sig') !== SECRET) return void res.writeHead(403).end()
      if (refuse(name)) return void res.writeHead(400).end()
      stored.set(name, body)
      res.writeHead(200).end()
    })
  })
  return {
    puts,
    stored,
    load,
    refuseWhen(rule: (path: string) => boolean) {
      refuse = rule
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe('delta on url (delta-upload-url)', () => {
  let put: ReturnType<typeof startPutServer>
  let base: string

  beforeAll(async () => {
    put = startPutServer()
    base = await put.start()
  })
  afterAll(async () => put?.stop())

  function urlSettings(bundle: PackedBundle): UrlStorageSettings {
    return {
      kind: 'url',
      uploadUrl: `${base}/upload/${bundle.fileName}?sig=${SECRET}`,
      headers: {},
      publicUrl: `${base}/files/{key}`,
      allowInsecurePublicUrl: true,
      verifyUpload: true,
    }
  }

  it('PUTs each file to {path} = {appId}_{version}/delta/{sha256}_{file_name}, manifest.json last, public URLs from public-url {key}', async () => {
    const { bundle, buildDir } = await makeFixture('2.0.0')
    const delta = bundle.delta!
    const stem = `${bundle.appId}_${bundle.version}`
    put.puts.length = 0
    const logger = recordingLogger()
    const uploadUrl = `${base}/upload/{path}?sig=${SECRET}&sha={sha256}`

    const result = await publish({ storage: urlSettings(bundle), dryRun: false, delta: deltaPlan('true', uploadUrl) }, bundle, logger)

    const deltaPuts = put.puts.filter((p) => p.path !== `${bundle.fileName}?sha=null`)
    expect(deltaPuts.map((p) => p.path)).toEqual(
      expect.arrayContaining(delta.files.map((file) => `${stem}/delta/${file.sha256}_${file.fileName}?sha=${file.sha256}`)),
    )
    expect(put.puts.at(-1)?.path).toBe(`${stem}/manifest.json?sha=${bundle.sha256}`)
    expect(put.puts.at(-1)?.headers['content-type']).toBe('application/json')
    expect(put.puts.length).toBe(delta.files.length + 2)
    for (const file of delta.files) {
      expect(put.stored.get(`${stem}/delta/${file.sha256}_${file.fileName}`)).toEqual(await readFile(file.path))
    }
    const manifest = JSON.parse(put.stored.get(`${stem}/manifest.json`)!.toString('utf8')) as Array<{
      file_name: string
      file_hash: string
      download_url: string
    }>
    expect(manifest).toEqual(
      delta.files.map((file) => ({
        file_name: file.fileName,
        file_hash: file.fileHash,
        download_url: `${base}/files/${encodeKeyPath(`${stem}/delta/${file.sha256}_${file.fileName}`)}`,
      })),
    )
    expect(result.delta).toEqual({
      files: delta.files.length,
      bytes: delta.bytes,
      manifestPath: expect.stringMatching(/\.manifest\.json$/),
      manifestUrl: `${base}/files/${stem}/manifest.json`,
    })
    expect(result.bundleUrl).toBe(`${base}/files/${stem}.zip`)
    expect(await installAsDevice(manifest, bundle)).toEqual(await buildTree(buildDir))
    // The template is a credential: masked, and never in a log line.
    expect(logger.secrets).toContain(uploadUrl)
    expect(logger.text()).not.toContain(SECRET)
  })

  it('keeps at most 16 delta files in flight', async () => {
    const { bundle } = await makeFixture('2.0.2')
    const root = await mkdtemp(join(work, 'many-'))
    const files = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const path = join(root, `f${i}`)
        await writeFile(path, `file ${i}`)
        return {
          fileName: `js/f${i}.js`,
          sha256: createHash('sha256').update(`file ${i}`).digest('hex'),
          fileHash: 'x',
          path,
          size: `file ${i}`.length,
        }
      }),
    )
    const many: PackedBundle = {
      ...bundle,
      delta: { encrypted: false, dir: root, files, bytes: files.reduce((sum, file) => sum + file.size, 0) },
    }
    put.load.most = 0
    put.load.delayMs = 30
    try {
      const result = await publish(
        {
          storage: { ...urlSettings(bundle), verifyUpload: false },
          dryRun: false,
          delta: deltaPlan('only', `${base}/upload/{path}?sig=${SECRET}&sha={sha256}`),
        },
        many,
        recordingLogger(),
      )
      expect(result.delta?.files).toBe(40)
    } finally {
      put.load.delayMs = 0
    }
    // Never more than 16; more than one shows they overlap at all (exactly 16 would depend on the machine's speed).
    expect(put.load.most).toBeLessThanOrEqual(16)
    expect(put.load.most).toBeGreaterThan(1)
  })

  it('a file refused mid-way: no manifest.json is PUT, and the message says what stays', async () => {
    const { bundle } = await makeFixture('2.0.1')
    put.puts.length = 0
    put.refuseWhen((path) => path.includes('style.css'))
    const uploadUrl = `${base}/upload/{path}?sig=${SECRET}&sha={sha256}`
    try {
      const error = await bundleErrorOf(
        publish(
          { storage: { ...urlSettings(bundle), verifyUpload: false }, dryRun: false, delta: deltaPlan('true', uploadUrl) },
          bundle,
          recordingLogger(),
        ),
      )
      expect(error.message).toMatch(/refused the PUT of assets\/style\.css/)
      expect(error.message).toMatch(/delta files that this run PUT stay behind delta-upload-url \(a PUT URL cannot delete them\)/)
      expect(error.message).not.toContain(SECRET)
      expect(put.puts.some((p) => p.path.includes('manifest.json'))).toBe(false)
      expect(put.puts.some((p) => p.path.startsWith(bundle.fileName))).toBe(false)
    } finally {
      put.refuseWhen(() => false)
    }
  })
})

describe('offline delta checks (run by the plan)', () => {
  const url: UrlStorageSettings = {
    kind: 'url',
    uploadUrl: 'https://up.example.com/b.zip?sig=x',
    headers: {},
    publicUrl: 'https://cdn.example.com/{key}',
    allowInsecurePublicUrl: false,
    verifyUpload: false,
  }
  const target = { appId: 'com.example.app', version: '1.0.0' }

  it('s3: public-url must use {key} so each file has its own URL', () => {
    const base = {
      kind: 's3',
      bucket: 'b',
      region: 'us-east-1',
      forcePathStyle: false,
      keyTemplate: '{appId}.zip',
      allowInsecurePublicUrl: false,
      overwrite: false,
      verifyUpload: false,
    } as const
    expect(() => checkS3Delta({ ...base, publicUrl: 'https://cdn.example.com/{appId}/{version}.zip' })).toThrow(
      expect.objectContaining({ input: 'public-url' }),
    )
    expect(() => checkS3Delta({ ...base, publicUrl: 'https://cdn.example.com/{key}' })).not.toThrow()
    expect(() => checkS3Delta(base)).not.toThrow()
  })

  it('url: delta-upload-url is required, needs {path}, knows only {path} and {sha256}; public-url needs {key}', () => {
    const refused = (run: () => void): BundleError => {
      try {
        run()
      } catch (error) {
        if (error instanceof BundleError) return error
        throw error
      }
      throw new Error('not refused')
    }
    expect(refused(() => checkUrlDelta(url, undefined, target)).input).toBe('delta-upload-url')
    expect(refused(() => checkUrlDelta(url, 'https://up.example.com/fixed?sig=x', target)).input).toBe('delta-upload-url')
    expect(refused(() => checkUrlDelta(url, 'https://up.example.com/{path}?v={version}', target)).message).toMatch(
      /\{version\}, which is not a placeholder/,
    )
    expect(refused(() => checkUrlDelta(url, 'ftp://up.example.com/{path}', target)).input).toBe('delta-upload-url')
    expect(
      refused(() => checkUrlDelta({ ...url, publicUrl: 'https://cdn.example.com/{appId}.zip' }, 'https://up.example.com/{path}', target))
        .input,
    ).toBe('public-url')
    expect(() => checkUrlDelta(url, 'https://up.example.com/{path}?sha={sha256}&sig=secret', target)).not.toThrow()
    expect(deltaUploadUrlOf('https://up.example.com/{path}?h={sha256}', { path: 'a b/delta/1_x.js.br', sha256: 'ab' })).toBe(
      'https://up.example.com/a%20b/delta/1_x.js.br?h=ab',
    )
  })

  it('publish refuses a public-url without {key} before any write, even when the plan did not', async () => {
    const { bundle } = await makeFixture('3.0.1')
    proxy.requests.length = 0
    const settings = s3Settings({ publicUrl: 'http://cdn.example.com/{appId}/{version}.zip' })
    const error = await bundleErrorOf(publish({ storage: settings, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger()))
    expect(error.code).toBe('public_url_delta')
    expect(writes()).toEqual([])
  })

  it('github-release has no delta half: publish refuses delta there before any write', async () => {
    const { bundle } = await makeFixture('3.0.0')
    const storage = {
      kind: 'github-release',
      repository: 'o/r',
      tag: 't',
      token: 'x',
      apiUrl: 'http://127.0.0.1:9',
      allowInsecurePublicUrl: true,
      verifyUpload: false,
    } as never
    const fakeBackend = { check: async () => ({ key: 'k', url: 'https://x/k' }), put: async () => ({ key: 'k', url: 'https://x/k' }) }
    const error = await bundleErrorOf(
      publish({ storage, dryRun: false, delta: deltaPlan() }, bundle, recordingLogger(), {
        createBackend: async () => fakeBackend,
        openCapgo: async () => ({}) as never,
      }),
    )
    expect(error.code).toBe('delta_unsupported')
    expect(await stat(bundle.path).then(() => true)).toBe(true)
  })
})
