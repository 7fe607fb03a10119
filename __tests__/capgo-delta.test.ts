import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { deltaMimeType, deltaS3Path, writeManifest } from '../src/publish/capgo/delta.js'
import { manifestBody } from '../src/publish/capgo/manifest-body.js'
import { openCapgo, type CapgoOptions } from '../src/publish/capgo/session.js'
import { publish } from '../src/publish/index.js'
import { RunGuard } from '../src/cleanup.js'
import type { CapgoSettings, DeltaBundle, DeltaSettings, PackedBundle } from '../src/types.js'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer, type RecordedRequest } from './support/capgo-server.js'
import { makeDeltaBundle, verifyAsDevice, verifyStored, type ManifestEntryLike } from './support/delta-fixture.js'
import { bundleErrorOf, keyPair, recordingLogger, removeTempDirs, tempDir, type RecordingLogger } from './support/fixtures.js'

const APP_ID = 'com.example.liveupdate'
const fast: CapgoOptions = { timings: { requestTimeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 1 }, tusRetryDelays: [0] } }

let buildDir: string
let work: string
let bundle: PackedBundle
let encrypted: DeltaBundle
let plain: DeltaBundle
let server: CapgoTestServer | undefined
const { privatePem } = keyPair()

/** A build with what the rules care about: Brotli-worthy and incompressible large files, names to encode, skipped and empty files, 40 files in all. */
async function makeBuild(root: string): Promise<void> {
  const files: Record<string, string | Buffer> = {
    'index.html':
      '<!doctype html><script src="js/app.js"></script><script>window.Capacitor?.Plugins?.CapacitorUpdater?.notifyAppReady()</script>',
    'js/app.js': 'console.log("hello delta");\n'.repeat(800),
    'img/photo.png': randomBytes(20_000),
    'assets/weird name#1%.txt': 'encoded',
    'assets/ünïcode/é.css': 'body{color:red}',
    'empty.txt': '',
    '.gitkeep': 'x',
    'node_modules/x/index.js': 'skipped',
  }
  for (let index = 0; index < 34; index++)
    files[`chunks/chunk-${String(index).padStart(2, '0')}.js`] = `export const n${index} = ${index}\n`
  for (const [name, body] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true })
    await writeFile(join(root, name), body)
  }
}

beforeAll(async () => {
  work = await tempDir('capgo-delta-')
  buildDir = join(work, 'www')
  await makeBuild(buildDir)
  const key = parsePrivateKey(privatePem, recordingLogger())
  bundle = await packBundle({ buildDir, appId: APP_ID, version: '1.2.3', outputDir: work, key, checksumFormat: 'v3' }, recordingLogger())
  encrypted = await makeDeltaBundle(buildDir, bundle, key, join(work, 'delta-enc'), { encrypted: true })
  plain = await makeDeltaBundle(buildDir, bundle, key, join(work, 'delta-plain'), { encrypted: false })
})
afterAll(removeTempDirs)
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(partialUpload: boolean | undefined = true, partialUploadForced = false): Promise<CapgoTestServer> {
  server = await CapgoTestServer.start({ appId: APP_ID })
  server.delta = { ...server.delta, partialUpload, partialUploadForced }
  return server
}

function settings(capgo: CapgoTestServer, fields: Partial<CapgoSettings> = {}): CapgoSettings {
  return {
    token: capgo.token,
    apiUrl: capgo.apiUrl,
    filesUrl: capgo.filesUrl,
    channels: ['production'],
    versionExists: 'fail',
    tus: 'auto',
    projectDir: work,
    ...fields,
  }
}

function deltaSettings(mode: DeltaSettings['mode'], fields: Partial<DeltaSettings> = {}): DeltaSettings {
  return { mode, autoFromConfig: false, encrypted: true, brotli: true, brotliExclude: [], candidates: [], ...fields }
}

async function run(
  capgo: CapgoTestServer,
  mode: DeltaSettings['mode'],
  options: {
    delta?: DeltaBundle
    version?: string
    logger?: RecordingLogger
    dryRun?: boolean
    settings?: Partial<DeltaSettings>
    channels?: string[]
  } = {},
) {
  const packed: PackedBundle = {
    ...bundle,
    version: options.version ?? bundle.version,
    delta: options.delta === undefined ? encrypted : options.delta,
  }
  const session = await openCapgo(
    settings(capgo, options.channels ? { channels: options.channels } : {}),
    packed,
    options.logger ?? recordingLogger(),
    fast,
  )
  return session.publishHosted({ dryRun: options.dryRun ?? false, delta: deltaSettings(mode, options.settings) })
}

const deltaCreates = (capgo: CapgoTestServer): RecordedRequest[] =>
  capgo.requestsAt('tus_create').filter((request) => tusFilename(request).includes('/delta/'))

function tusMetadata(request: RecordedRequest): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const pair of String(request.headers['upload-metadata']).split(',')) {
    const [key, value] = pair.split(' ')
    metadata[key] = Buffer.from(value, 'base64').toString('utf8')
  }
  return metadata
}
const tusFilename = (request: RecordedRequest): string => tusMetadata(request).filename ?? ''

/** The publish steps with the delta file uploads (TUS and probes; the zip goes by presigned PUT here) folded into one `delta_files` step. */
function sequence(capgo: CapgoTestServer): string[] {
  const out: string[] = []
  for (const request of capgo.requests.filter((r) => !r.release)) {
    const step = request.step.startsWith('tus_') || request.step === 'delta_probe' ? 'delta_files' : request.step
    if (out.at(-1) !== step) out.push(step)
  }
  return out
}

describe('delta uploads to Capgo Cloud', () => {
  it('delta: true uploads the zip, then every file with the exact TUS metadata, then ONE set_manifest in walk order, then finalize, then the channel', async () => {
    const capgo = await start()
    const result = await run(capgo, 'true')
    expect(sequence(capgo).filter((step) => !['config', 'app', 'exist', 'actor', 'files_config'].includes(step))).toEqual([
      'row',
      'upload_link',
      'put',
      'delta_files',
      'set_manifest',
      'finalize',
      'channel',
    ])

    const creates = deltaCreates(capgo)
    expect(creates).toHaveLength(encrypted.files.length)
    const sessionHex = Buffer.from(bundle.ivSessionKey, 'utf8').toString('hex')
    for (const create of creates) {
      const { filename, filetype } = tusMetadata(create)
      const file = encrypted.files.find((candidate) => deltaS3Path(capgo.ownerOrg, APP_ID, candidate, bundle.ivSessionKey) === filename)
      expect(file, filename).toBeDefined()
      expect(filename.startsWith(`orgs/${capgo.ownerOrg}/apps/${APP_ID}/delta/${sessionHex}/`)).toBe(true)
      expect(filetype).toBe(deltaMimeType(file!.fileName))
      expect(create.headers['upload-length']).toBe(String(file!.size))
      expect(create.headers.authorization).toBe(capgo.token)
      expect(create.headers.capgkey).toBeUndefined()
      expect(create.headers['tus-resumable']).toBe('1.0.0')
      expect(create.headers.capgo_api).toBe('2025-10-01')
    }
    // Names are encoded per segment, slashes kept.
    const weird = encrypted.files.find((file) => file.fileName.startsWith('assets/weird'))!
    expect(deltaS3Path('o', 'a', weird, undefined)).toBe(`orgs/o/apps/a/delta/${sha256hex(weird.fileHash)}_assets/weird%20name%231%25.txt`)
    expect(creates.map(tusMetadata).find((m) => m.filename.includes('%C3%BCn%C3%AFcode/%C3%A9.css'))?.filetype).toBe('text/css')

    const sent = capgo.requestsAt('set_manifest')
    expect(sent).toHaveLength(1)
    const body = sent[0].body as { app_id: string; name: string; manifest: Array<Record<string, string> & ManifestEntryLike> }
    expect(body.app_id).toBe(APP_ID)
    expect(body.name).toBe(bundle.version)
    expect(body.manifest.map((entry) => entry.file_name)).toEqual(encrypted.files.map((file) => file.fileName))
    expect(body.manifest.every((entry) => Object.keys(entry).join() === 'file_name,s3_path,file_hash,file_size_receipt')).toBe(true)
    expect(sent[0].headers.authorization).toBe(capgo.token)
    expect(sent[0].headers.capgkey).toBe(capgo.token)

    expect(result.delta).toEqual({
      files: encrypted.files.length,
      bytes: encrypted.bytes,
      manifestPath: join(work, `${APP_ID}_${bundle.version}.manifest.json`),
      manifestUrl: '',
    })
    expect(JSON.parse(await readFile(result.delta!.manifestPath, 'utf8'))).toEqual(body.manifest)
    expect(result.channels).toEqual(['production'])
    expect(capgo.channels.get('production')).toBe(bundle.version)
    expect(capgo.requestsAt('delta_probe')).toEqual([])
    expect(capgo.maxDeltaInFlight).toBeLessThanOrEqual(16)
    expect(capgo.maxDeltaInFlight).toBeGreaterThan(1)

    // What a device installs from this manifest is the build, empty and skipped files excepted: delta-core's verifier and an independent one agree.
    await verifyStored(body.manifest, (entry) => capgo.objects.get(entry.s3_path!), bundle, await tempDir())
    const installed = verifyAsDevice(body.manifest, (entry) => capgo.objects.get(entry.s3_path!), bundle)
    expect([...installed.keys()].sort()).toEqual(encrypted.files.map((file) => file.fileName.replace(/\.br$/, '')).sort())
    for (const [name, bytes] of installed) expect(bytes.equals(await readFile(join(buildDir, name))), name).toBe(true)
    expect(installed.has('empty.txt') || installed.has('.gitkeep') || installed.has('node_modules/x/index.js')).toBe(false)
    expect(encrypted.files.some((file) => file.fileName === 'js/app.js.br')).toBe(true)
    expect(encrypted.files.some((file) => file.fileName === 'img/photo.png')).toBe(true)
  })

  it('a tampered stored file, or another session key, fails the device check (the verifier can fail)', async () => {
    const capgo = await start()
    await run(capgo, 'only')
    const entries = capgo.manifests.get(bundle.version) as unknown as Array<{ file_name: string; file_hash: string; s3_path: string }>
    const flipped = (entry: { s3_path?: string }) => {
      const bytes = Buffer.from(capgo.objects.get(entry.s3_path!)!)
      if (entry.s3_path === entries[0].s3_path) bytes[0] ^= 1
      return bytes
    }
    expect(() => verifyAsDevice(entries, flipped, bundle)).toThrow()
    await expect(verifyStored(entries, flipped, bundle, await tempDir())).rejects.toThrow()
    const other = await packBundle(
      {
        buildDir,
        appId: APP_ID,
        version: '9.9.9',
        outputDir: await tempDir(),
        key: parsePrivateKey(privatePem, recordingLogger()),
        checksumFormat: 'v3',
      },
      recordingLogger(),
    )
    expect(() => verifyAsDevice(entries, (entry) => capgo.objects.get(entry.s3_path!), other)).toThrow()
  })

  it('delta: only sends no zip, and the version is finalized on its manifest', async () => {
    const capgo = await start()
    const result = await run(capgo, 'only')
    expect(capgo.requestsAt('upload_link')).toEqual([])
    expect(capgo.requestsAt('put')).toEqual([])
    expect(capgo.objects.has(capgo.objectKey(bundle.version))).toBe(false)
    expect(sequence(capgo).slice(-4)).toEqual(['delta_files', 'set_manifest', 'finalize', 'channel'])
    expect(result.destination).toContain('delta only')
    expect(capgo.rows.get(bundle.version)?.storage_provider).toBe('r2')
  })

  it('plaintext delta files: no session segment, an unauthenticated probe before each upload, and a second version reuses what is stored', async () => {
    const capgo = await start()
    const first = await run(capgo, 'true', { delta: plain })
    const probes = capgo.requestsAt('delta_probe')
    expect(probes).toHaveLength(plain.files.length)
    for (const probe of probes) {
      expect(probe.headers.range).toBe('bytes=0-0')
      expect(probe.headers['cache-control']).toBe('no-cache')
      expect(probe.headers.authorization).toBeUndefined()
      expect(probe.headers.capgkey).toBeUndefined()
    }
    for (const create of deltaCreates(capgo))
      expect(tusFilename(create)).toMatch(new RegExp(`^orgs/${capgo.ownerOrg}/apps/${APP_ID}/delta/[0-9a-f]{64}_`))
    expect(first.delta?.bytes).toBe(plain.bytes)
    const entries = capgo.manifests.get(bundle.version) as unknown as Array<{ file_name: string; file_hash: string; s3_path: string }>
    verifyAsDevice(entries, (entry) => capgo.objects.get(entry.s3_path!), undefined)
    await verifyStored(entries, (entry) => capgo.objects.get(entry.s3_path!), undefined, await tempDir())

    const before = deltaCreates(capgo).length
    const second = await run(capgo, 'true', { delta: plain, version: '1.2.4', channels: [] })
    expect(deltaCreates(capgo).length).toBe(before)
    expect(second.delta).toMatchObject({ files: plain.files.length, bytes: 0 })
    const reused = capgo.manifests.get('1.2.4') as unknown as Array<Record<string, string>>
    expect(
      reused.every((entry) => entry.file_size_receipt === capgo.receiptFor(entry.s3_path, capgo.objects.get(entry.s3_path)!.length)),
    ).toBe(true)
  })

  it('when any file comes back without a receipt, no entry carries one', async () => {
    const capgo = await start()
    capgo.delta.receipts = (path) => !path.endsWith('chunk-07.js')
    await run(capgo, 'true')
    const body = capgo.requestsAt('set_manifest')[0].body as { manifest: Array<Record<string, string>> }
    expect(body.manifest.length).toBe(encrypted.files.length)
    expect(body.manifest.some((entry) => 'file_size_receipt' in entry)).toBe(false)
  })

  it('a delta file refused once is retried and the run succeeds', async () => {
    const capgo = await start()
    capgo.failDelta((path) => path.endsWith('chunk-03.js'), 503, 1)
    const result = await run(capgo, 'true')
    expect(
      deltaCreates(capgo)
        .filter((request) => tusFilename(request).endsWith('chunk-03.js'))
        .map((request) => request.status),
    ).toEqual([503, 201])
    expect(result.delta?.files).toBe(encrypted.files.length)
  })

  describe('auto', () => {
    it.each([
      { name: 'the server forces it', partialUpload: true, forced: true, fromConfig: false, expected: true },
      {
        name: 'the Capacitor config asks and the server does not say',
        partialUpload: undefined,
        forced: false,
        fromConfig: true,
        expected: true,
      },
      { name: 'the Capacitor config asks and the server refuses', partialUpload: false, forced: false, fromConfig: true, expected: false },
      { name: 'forced but refused (partialUpload: false wins)', partialUpload: false, forced: true, fromConfig: false, expected: false },
      { name: 'nobody asks', partialUpload: true, forced: false, fromConfig: false, expected: false },
    ])('$name → delta $expected', async ({ partialUpload, forced, fromConfig, expected }) => {
      const capgo = await start(partialUpload, forced)
      const result = await run(capgo, 'auto', { settings: { autoFromConfig: fromConfig } })
      expect(capgo.requestsAt('set_manifest').length).toBe(expected ? 1 : 0)
      expect(deltaCreates(capgo).length).toBe(expected ? encrypted.files.length : 0)
      expect(result.delta === undefined).toBe(!expected)
      expect(capgo.requestsAt('put')).toHaveLength(1)
    })
  })

  it('delta: false uploads the zip alone even when the server forces deltas', async () => {
    const capgo = await start(true, true)
    const result = await run(capgo, 'false')
    expect(deltaCreates(capgo)).toEqual([])
    expect(result.delta).toBeUndefined()
  })

  it.each(['true', 'only'] as const)('delta: %s on a server with partialUpload false is refused before any write', async (mode) => {
    const capgo = await start(false)
    const error = await bundleErrorOf(run(capgo, mode))
    expect(error.input).toBe('delta')
    expect(error.message).toMatch(/does not accept delta .*nothing was written/)
    expect(capgo.requests.filter(isWrite)).toEqual([])
    expect(capgo.rows.size).toBe(0)
  })

  it('a dry run says what it would upload and writes nothing', async () => {
    const capgo = await start()
    const logger = recordingLogger()
    const result = await run(capgo, 'true', { dryRun: true, logger })
    expect(capgo.requests.filter(isWrite)).toEqual([])
    expect(logger.text()).toContain(`would upload ${encrypted.files.length} delta files (${encrypted.bytes} bytes, encrypted)`)
    expect(logger.text()).toContain(`set the manifest (${encrypted.files.length} entries)`)
    expect(result.delta).toEqual({ files: encrypted.files.length, bytes: encrypted.bytes, manifestPath: '', manifestUrl: '' })
    expect(result.destination).toMatch(/^dry run: /)
  })

  it('delta: only, the 5th file failing for good: no set_manifest, no finalize, no channel; the row is deleted and the message says what stays', async () => {
    const capgo = await start()
    capgo.failNthDelta(5)
    const error = await bundleErrorOf(run(capgo, 'only'))
    expect(error.code).toBe('capgo_delta_failed')
    expect(error.message).not.toContain('\n')
    expect(error.message).toMatch(
      new RegExp(
        `Uploading the delta files to Capgo stopped after \\d+ of ${encrypted.files.length}, so no manifest was set and no channel changed`,
      ),
    )
    expect(error.message).toContain('deleted version 1.2.3 from Capgo again')
    expect(error.message).toMatch(
      new RegExp(`\\d+ of ${encrypted.files.length} delta files this run sent stay in Capgo's storage, referenced by no manifest`),
    )
    expect(capgo.requestsAt('set_manifest')).toEqual([])
    expect(capgo.requestsAt('finalize')).toEqual([])
    expect(capgo.requestsAt('channel')).toEqual([])
    expect(capgo.channels.size).toBe(0)
    expect(capgo.requestsAt('delete')).toHaveLength(1)
    expect(capgo.rows.has(bundle.version)).toBe(false)
    expect(error.message).not.toContain(capgo.token)
  })

  it('delta: true, a file failing for good after the zip is stored: the row stays (delete_failed_version refuses) and the message says so', async () => {
    const capgo = await start()
    capgo.failDelta((path) => path.endsWith('chunk-10.js'), 500)
    const error = await bundleErrorOf(run(capgo, 'true'))
    expect(error.message).toMatch(/stays in Capgo with its file stored but not finalized/)
    expect(error.message).toMatch(/delta files this run sent stay in Capgo's storage/)
    expect(capgo.requestsAt('set_manifest')).toEqual([])
    expect(capgo.requestsAt('channel')).toEqual([])
    expect(capgo.rows.get(bundle.version)?.storage_provider).toBe('r2-direct')
  })

  it('a delta file that never answers is abandoned after request-timeout, retried a bounded number of times, and the run fails', async () => {
    const capgo = await start()
    capgo.hangDelta((path) => path.endsWith('chunk-05.js'))
    const packed: PackedBundle = { ...bundle, delta: encrypted }
    const session = await openCapgo(settings(capgo), packed, recordingLogger(), {
      timings: { requestTimeoutMs: 300, retry: { attempts: 2, baseDelayMs: 1 }, tusRetryDelays: [0] },
    })
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false, delta: deltaSettings('only') }))
    expect(error.message).toMatch(/stopped after \d+ of \d+, so no manifest was set/)
    expect(error.message).toContain('chunk-05.js')
    // One attempt and one retry (tusRetryDelays: [0]), then the run gives up.
    expect(deltaCreates(capgo).filter((request) => tusFilename(request).endsWith('chunk-05.js'))).toHaveLength(2)
    expect(capgo.requestsAt('set_manifest')).toEqual([])
    expect(capgo.requestsAt('channel')).toEqual([])
  })

  it('cancelled during the delta upload: the guard deletes the row and reports the delta files that stay', async () => {
    const capgo = await start()
    capgo.hangDelta((path) => path.endsWith('chunk-20.js'))
    const guard = new RunGuard()
    const session = await openCapgo(settings(capgo), { ...bundle, delta: encrypted }, recordingLogger(), {
      ...fast,
      network: { requestTimeoutMs: 30_000, guard },
    })
    const running = session.publishHosted({ dryRun: false, delta: deltaSettings('only') })
    running.catch(() => undefined)
    while (!deltaCreates(capgo).some((request) => tusFilename(request).endsWith('chunk-20.js')))
      await new Promise((resolve) => setTimeout(resolve, 10))
    const report = await guard.cancel('SIGTERM')
    await expect(running).rejects.toThrow()
    expect(report).toContain('deleted version 1.2.3 from Capgo again')
    expect(report).toMatch(/\d+ of \d+ delta files this run sent stay in Capgo's storage/)
    expect(capgo.requestsAt('set_manifest')).toEqual([])
    expect(capgo.requestsAt('channel')).toEqual([])
    expect(capgo.rows.has(bundle.version)).toBe(false)
  })

  it('the set_manifest body and the kept manifest file are byte for byte what JSON.stringify gives, at every batch boundary', async () => {
    const dir = await tempDir()
    const entry = (index: number) => ({
      file_name: index % 3 ? `js/chunk-${index}.js.br` : `assets/ünïcode "quoted"\\/é-${index}.css`,
      s3_path: `orgs/o/apps/a/delta/${index}_x`,
      file_hash: 'ab'.repeat(256),
      ...(index % 2 ? { file_size_receipt: `r${index}` } : {}),
    })
    for (const count of [0, 1, 63, 64, 65, 128, 130]) {
      const entries = Array.from({ length: count }, (_, index) => entry(index))
      const body = manifestBody('com.example.app', '1.2.3-β', entries)
      const sent = Buffer.concat([...body.chunks()].map((chunk) => Buffer.from(chunk)))
      expect(sent.toString('utf8')).toBe(JSON.stringify({ app_id: 'com.example.app', name: '1.2.3-β', manifest: entries }))
      expect(body.length).toBe(sent.length)
      const path = join(dir, `m-${count}.json`)
      await writeManifest(path, entries)
      expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(entries, null, 2)}\n`)
    }
  })

  it('16 uploads in flight share ONE abort listener on the run signal (no MaxListenersExceededWarning), and a cancel still stops them all', async () => {
    const capgo = await start()
    capgo.hangDelta(() => true)
    const guard = new RunGuard()
    // Count the abort listeners alive on the run's signal: one per upload went past EventTarget's warning threshold (10).
    let live = 0
    const add = guard.signal.addEventListener.bind(guard.signal)
    const remove = guard.signal.removeEventListener.bind(guard.signal)
    guard.signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      if (type === 'abort') live++
      add(type, listener, options)
    }) as typeof guard.signal.addEventListener
    guard.signal.removeEventListener = ((type: string, listener: EventListener) => {
      if (type === 'abort') live--
      remove(type, listener)
    }) as typeof guard.signal.removeEventListener
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      const session = await openCapgo(settings(capgo), { ...bundle, delta: encrypted }, recordingLogger(), {
        ...fast,
        network: { requestTimeoutMs: 30_000, guard },
      })
      const running = session.publishHosted({ dryRun: false, delta: deltaSettings('only') })
      running.catch(() => undefined)
      while (deltaCreates(capgo).length < 16) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(live).toBe(1)
      await guard.cancel('SIGTERM')
      await expect(running).rejects.toThrow()
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings).not.toContain('MaxListenersExceededWarning')
      // Every hung upload was abandoned at the cancel: none retried, nothing further started, no manifest set.
      expect(deltaCreates(capgo)).toHaveLength(16)
      expect(capgo.requestsAt('set_manifest')).toEqual([])
      expect(capgo.rows.has(bundle.version)).toBe(false)
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('a re-run after a delta-only run whose row could not be deleted: the row goes, and the delta is published afresh', async () => {
    const capgo = await start()
    capgo.failDelta((path) => path.endsWith('chunk-10.js'), 500, 2)
    capgo.deleteForbidden = true
    const first = await bundleErrorOf(run(capgo, 'only'))
    expect(first.message).toMatch(/may remain in Capgo/)
    expect(capgo.rows.get(bundle.version)?.storage_provider).toBe('r2-direct')
    capgo.deleteForbidden = false
    const result = await run(capgo, 'only')
    expect(result.delta?.files).toBe(encrypted.files.length)
    expect(capgo.manifests.get(bundle.version)).toHaveLength(encrypted.files.length)
    expect(capgo.channels.get('production')).toBe(bundle.version)
  })

  it('a re-run after a delta: true run that stored its zip: finalized as zip only, with a warning that says why', async () => {
    const capgo = await start()
    capgo.failDelta((path) => path.endsWith('chunk-10.js'), 500, 2)
    await bundleErrorOf(run(capgo, 'true'))
    const logger = recordingLogger()
    const result = await run(capgo, 'true', { logger })
    expect(logger.text()).toMatch(/finalized without delta files: this run's files are encrypted with another session key/)
    expect(result.delta).toBeUndefined()
    expect(capgo.requestsAt('set_manifest')).toEqual([])
    expect(capgo.rows.get(bundle.version)?.storage_provider).toBe('r2')
    expect(capgo.channels.get('production')).toBe(bundle.version)
  })

  it('finalize failing after set_manifest: no channel, the row is deleted, and no manifest file is left in output-dir', async () => {
    const capgo = await start()
    capgo.fail('finalize', 500)
    const error = await bundleErrorOf(run(capgo, 'only'))
    expect(capgo.requestsAt('set_manifest')).toHaveLength(1)
    expect(error.message).toMatch(/finaliz/i)
    expect(capgo.requestsAt('channel')).toEqual([])
    expect(capgo.rows.has(bundle.version)).toBe(false)
    expect(existsSync(join(work, `${APP_ID}_${bundle.version}.manifest.json`))).toBe(false)
  })

  it('set_manifest refused once (503) is retried with the same body, and the manifest is set once', async () => {
    const capgo = await start()
    capgo.fail('set_manifest', 503, 1)
    await run(capgo, 'only')
    const sent = capgo.requestsAt('set_manifest')
    expect(sent.map((request) => request.status)).toEqual([503, 200])
    expect(sent[1].body).toEqual(sent[0].body)
    expect((sent[1].body as { manifest: unknown[] }).manifest).toHaveLength(encrypted.files.length)
    expect(capgo.manifests.get(bundle.version)).toHaveLength(encrypted.files.length)
  })

  it('set_manifest failing: no finalize, no channel, clean-up attempted', async () => {
    const capgo = await start()
    capgo.fail('set_manifest', 500)
    const error = await bundleErrorOf(run(capgo, 'only'))
    expect(error.message).toMatch(/setting the manifest of version 1\.2\.3/i)
    expect(capgo.requestsAt('finalize')).toEqual([])
    expect(capgo.requestsAt('channel')).toEqual([])
    expect(capgo.rows.has(bundle.version)).toBe(false)
  })

  it("publish() hands the plan's delta settings to the Capgo session", async () => {
    const capgo = await start()
    const storage = { kind: 'capgo' as const, ...settings(capgo) }
    const result = await publish(
      { storage, dryRun: false, requestTimeoutMs: 2_000, delta: deltaSettings('only') },
      { ...bundle, version: '2.0.0', delta: encrypted },
      recordingLogger(),
    )
    expect(result.delta?.files).toBe(encrypted.files.length)
    expect(capgo.requestsAt('put')).toEqual([])
  })
})

function sha256hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
