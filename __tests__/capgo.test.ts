import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { verifyBundle } from '../src/bundle/verify.js'
import type { CapgoFilesConfig } from '../src/publish/capgo/api.js'
import { NO_RELEASE_CONTROL } from '../src/release/settings.js'
import { chooseUploadMethod, openCapgo, type CapgoOptions } from '../src/publish/capgo/session.js'
import type { CapgoSettings, PackedBundle } from '../src/types.js'
import { capgoStepOf, CapgoTestServer, type CapgoStep, type RecordedRequest } from './support/capgo-server.js'
import { FaultProxy } from './support/fault-proxy.js'
import { bundleErrorOf, recordingLogger } from './support/fixtures.js'

const APP_ID = 'com.example.liveupdate'
const VERSION = '1.2.3'

const fast: CapgoOptions = {
  timings: { requestTimeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 1 }, tusRetryDelays: [0, 5, 5] },
}
const hangFast: CapgoOptions = { timings: { ...fast.timings, requestTimeoutMs: 150 } }

let work: string
let projectDir: string
let publicPem: string
/** ~2 KB: the example app. */
let small: PackedBundle
/** ~130 KB: several TUS chunks at the sizes the tests advertise. */
let big: PackedBundle

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'capgo-test-'))
  const pair = generateKeyPair()
  publicPem = pair.publicPem
  const key = parsePrivateKey(pair.privatePem, recordingLogger())
  small = await packBundle(
    { buildDir: 'examples/app/www', appId: APP_ID, version: VERSION, outputDir: join(work, 'small'), key, checksumFormat: 'v3' },
    recordingLogger(),
  )

  const bigBuild = join(work, 'big-build')
  await writeTree(bigBuild, {
    'index.html': '<!doctype html><script src="app.js"></script>',
    'app.js': 'import { CapacitorUpdater } from "@capgo/capacitor-updater"; CapacitorUpdater.notifyAppReady()',
    'assets/noise.png': randomBytes(130 * 1024),
  })
  big = await packBundle(
    { buildDir: bigBuild, appId: APP_ID, version: VERSION, outputDir: join(work, 'big'), key, checksumFormat: 'v3' },
    recordingLogger(),
  )

  projectDir = join(work, 'monorepo', 'app')
  await writeTree(join(work, 'monorepo'), {
    'app/package.json': JSON.stringify({
      dependencies: { '@capgo/capacitor-updater': '^8.0.0', 'left-pad': '^1.3.0', 'camera-plugin': '~2.1.0', 'not-installed': '1.0.0' },
      devDependencies: { 'hoisted-plugin': '^6.0.0', typescript: '~5.9' },
    }),
    'app/node_modules/@capgo/capacitor-updater/package.json': JSON.stringify({ version: '8.51.2' }),
    'app/node_modules/@capgo/capacitor-updater/android/build.gradle': '',
    'app/node_modules/@capgo/capacitor-updater/ios/Plugin.swift': '',
    'app/node_modules/left-pad/package.json': JSON.stringify({ version: '1.3.0' }),
    'app/node_modules/camera-plugin/package.json': JSON.stringify({ version: '2.1.4' }),
    'app/node_modules/camera-plugin/ios/Camera.swift': '',
    'app/node_modules/typescript/package.json': JSON.stringify({ version: '5.9.3' }),
    'node_modules/hoisted-plugin/package.json': JSON.stringify({ version: '6.2.0' }),
    'node_modules/hoisted-plugin/android/build.gradle': '',
  })
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const expectedNativePackages = [
  { name: '@capgo/capacitor-updater', version: '8.51.2', requested_version: '^8.0.0' },
  { name: 'camera-plugin', version: '2.1.4', requested_version: '~2.1.0' },
  { name: 'hoisted-plugin', version: '6.2.0', requested_version: '^6.0.0' },
]

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

let server: CapgoTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function startServer(): Promise<CapgoTestServer> {
  server = await CapgoTestServer.start({ appId: APP_ID })
  return server
}

function settingsFor(capgo: CapgoTestServer, overrides: Partial<CapgoSettings> = {}): CapgoSettings {
  return {
    token: capgo.token,
    apiUrl: capgo.apiUrl,
    filesUrl: capgo.filesUrl,
    channels: [],
    versionExists: 'fail',
    tus: 'auto',
    projectDir,
    ...overrides,
  }
}

function only(request: RecordedRequest, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, request.headers[name]]))
}

async function expectDeviceAccepts(capgo: CapgoTestServer, bundle: PackedBundle): Promise<void> {
  const uploaded = capgo.objects.get(capgo.objectKey(bundle.version))
  expect(uploaded, 'no file stored for the version').toBeDefined()
  expect(uploaded!.equals(await readFile(bundle.path))).toBe(true)
  const row = capgo.rows.get(bundle.version)!
  const file = join(work, `downloaded-${randomBytes(4).toString('hex')}.zip`)
  await writeFile(file, uploaded!)
  const verified = await verifyBundle({ file, ivSessionKey: String(row.session_key), checksum: String(row.checksum), publicKey: publicPem })
  expect(verified.sha256).toBe(bundle.sha256)
}

function expectNothingAfter(capgo: CapgoTestServer, step: CapgoStep): void {
  const steps = capgo.steps()
  expect(steps.at(-1)).toBe(step)
  expect(steps.filter((seen) => seen === step)).toHaveLength(1)
}

describe('Capgo-hosted publish', () => {
  it('sends config → app → exist → actor → row → upload → finalize → channels with the documented bodies and headers', async () => {
    const capgo = await startServer()
    const logger = recordingLogger()
    const { lines, secrets } = logger
    const settings = settingsFor(capgo, {
      channels: ['beta', 'production'],
      comment: 'CI build',
      link: 'https://example.com/changelog',
      minUpdateVersion: '1.0.0',
      release: { ...NO_RELEASE_CONTROL, nativePackages: expectedNativePackages },
    })

    const session = await openCapgo(settings, small, logger, fast)
    const result = await session.publishHosted({ dryRun: false })

    // Release control's reads, permission checks and the console event (step 'unknown' here) are tested in release-*.test.ts.
    const known = capgo.requests.filter((request) => request.step !== 'unknown')
    expect(known.map((request) => request.step)).toEqual([
      'config',
      'app',
      'exist',
      'files_config',
      'actor',
      'row',
      'upload_link',
      'put',
      'finalize',
      'channel',
      'channel',
    ])
    const [config, app, exist, , actor, row, link, put, finalize, beta, production] = known

    const apiHeaders = { authorization: capgo.token, capgkey: capgo.token, capgo_api: '2025-10-01', 'content-type': 'application/json' }
    for (const request of [config, app, link, finalize, beta]) expect(only(request, Object.keys(apiHeaders))).toEqual(apiHeaders)
    const restHeaders = {
      apikey: capgo.supaKey,
      authorization: `Bearer ${capgo.supaKey}`,
      capgkey: capgo.token,
      'content-type': 'application/json',
    }
    for (const request of [exist, actor, row]) expect(only(request, Object.keys(restHeaders))).toEqual(restHeaders)

    expect(app.path).toBe(`/api/app/${APP_ID}`)
    expect(exist.body).toEqual({ appid: APP_ID, name_version: VERSION })
    expect(actor.body).toEqual({})
    expect(row.path).toBe('/supa/rest/v1/app_versions?on_conflict=name,app_id')
    expect(row.headers.prefer).toBe('resolution=merge-duplicates,return=representation')
    expect(row.body).toEqual({
      name: VERSION,
      app_id: APP_ID,
      session_key: small.ivSessionKey,
      checksum: small.checksum,
      key_id: small.keyId,
      storage_provider: 'r2-direct',
      owner_org: capgo.ownerOrg,
      user_id: capgo.userId,
      native_packages: expectedNativePackages,
      link: 'https://example.com/changelog',
      comment: 'CI build',
      min_update_version: '1.0.0',
    })
    expect(Object.keys(row.body as object)).toEqual([
      'name',
      'app_id',
      'session_key',
      'checksum',
      'key_id',
      'storage_provider',
      'owner_org',
      'user_id',
      'native_packages',
      'link',
      'comment',
      'min_update_version',
    ])
    expect(link.body).toEqual({ app_id: APP_ID, name: VERSION, version: 0 })
    expect(only(put, ['authorization', 'capgkey', 'content-type', 'content-length'])).toEqual({
      authorization: undefined,
      capgkey: undefined,
      'content-type': 'application/zip',
      'content-length': String(small.bundleSize),
    })
    expect(finalize.body).toEqual({ app_id: APP_ID, name: VERSION })
    expect(beta.body).toEqual({ app_id: APP_ID, channel: 'beta', version: VERSION })
    expect(production.body).toEqual({ app_id: APP_ID, channel: 'production', version: VERSION })

    await expectDeviceAccepts(capgo, small)
    expect(capgo.rows.get(VERSION)?.storage_provider).toBe('r2')
    expect(Object.fromEntries(capgo.channels)).toEqual({ beta: VERSION, production: VERSION })
    expect(result).toEqual({
      versionId: String(capgo.rows.get(VERSION)!.id),
      registered: true,
      skipped: false,
      channels: ['beta', 'production'],
      destination: `Capgo Cloud ${APP_ID} ${VERSION}, channels beta, production`,
      published: true,
      compatibility: 'unchecked',
      minUpdateVersion: '1.0.0',
      releaseSummary: expect.any(Array),
    })
    expect(secrets).toEqual(expect.arrayContaining([capgo.token, capgo.issuedUrls[0]]))
    for (const line of lines) expect(line.message).not.toContain(capgo.issuedUrls[0])
  })

  it('finalizes the legacy way when the server asks: the same upsert with storage_provider r2 and manifest null', async () => {
    const capgo = await startServer()
    capgo.newFinalize = false
    const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, recordingLogger(), fast)
    await session.publishHosted({ dryRun: false })

    expect(capgo.steps()).toEqual([
      'config',
      'app',
      'exist',
      'files_config',
      'actor',
      'row',
      'upload_link',
      'put',
      'finalize_legacy',
      'channel',
    ])
    const [row] = capgo.requestsAt('row')
    const [legacy] = capgo.requestsAt('finalize_legacy')
    expect(legacy.path).toBe('/supa/rest/v1/app_versions?on_conflict=name,app_id')
    expect(legacy.headers.prefer).toBe('resolution=merge-duplicates,return=representation')
    expect(legacy.body).toEqual({ ...(row.body as object), storage_provider: 'r2', manifest: null })
    expect(capgo.rows.get(VERSION)?.storage_provider).toBe('r2')
    await expectDeviceAccepts(capgo, small)
  })

  it('stops after the app lookup when the app does not exist, naming the app and the token', async () => {
    const capgo = await startServer()
    capgo.appMissing = true
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo), small, recordingLogger(), fast))

    expect(error.code).toBe('app_not_found')
    expect(error.message).toContain(APP_ID)
    expect(error.message).toContain('capgo-token')
    expect(capgo.steps()).toEqual(['config', 'app'])
  })

  it('refuses an existing version with version-exists: fail, before any write', async () => {
    const capgo = await startServer()
    capgo.versionExists = true
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo), small, recordingLogger(), fast))

    expect(error).toMatchObject({ code: 'version_exists', input: 'version-exists' })
    expect(error.message).toContain(VERSION)
    expect(capgo.steps()).toEqual(['config', 'app', 'exist'])
  })

  it('succeeds without changes on an existing version with version-exists: skip', async () => {
    const capgo = await startServer()
    capgo.versionExists = true
    const session = await openCapgo(settingsFor(capgo, { versionExists: 'skip', channels: ['production'] }), small, recordingLogger(), fast)

    expect(session.versionExists).toBe(true)
    const result = await session.publishHosted({ dryRun: false })
    expect(result).toMatchObject({ skipped: true, registered: true, channels: [] })
    expect(capgo.steps()).toEqual(['config', 'app', 'exist'])
  })

  it('refuses a bundle without key id before asking the server anything', async () => {
    const capgo = await startServer()
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo), { ...small, keyId: '' }, recordingLogger(), fast))
    expect(error.code).toBe('key_id_missing')
    expect(capgo.requests).toHaveLength(0)
  })

  it('refuses a bundle above the server maxUploadLength before creating the row', async () => {
    const capgo = await startServer()
    capgo.tus.maxUploadLength = 1000
    const session = await openCapgo(settingsFor(capgo), small, recordingLogger(), fast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error.code).toBe('bundle_too_large')
    expect(capgo.steps()).toEqual(['config', 'app', 'exist', 'files_config'])
  })

  const beforeTheFile: Array<{ step: CapgoStep; setup?: (capgo: CapgoTestServer) => void; bundle?: () => PackedBundle }> = [
    { step: 'upload_link' },
    { step: 'put' },
    { step: 'tus_patch', setup: (capgo) => Object.assign(capgo.tus, { enabled: true, maxChunkSize: 32 * 1024 }), bundle: () => big },
  ]

  it.each(beforeTheFile)(
    'deletes the version when $step fails before its file is stored, and sends nothing after',
    async ({ step, setup, bundle }) => {
      const capgo = await startServer()
      setup?.(capgo)
      capgo.fail(step, 500)
      const logger = recordingLogger()
      const { lines } = logger
      const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), bundle?.() ?? small, logger, fast)
      const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

      expect(error.code).toBe('capgo_http')
      expect(error.message).toContain('HTTP 500')
      expect(error.message).toContain(`deleted version ${VERSION} from Capgo again (its file never arrived); fix the cause and run again.`)
      expectNothingAfter(capgo, 'delete')
      expect(capgo.requestsAt('delete')[0].body).toEqual({ app_id: APP_ID, name: VERSION })
      expect(only(capgo.requestsAt('delete')[0], ['authorization', 'capgkey', 'capgo_api'])).toEqual({
        authorization: capgo.token,
        capgkey: capgo.token,
        capgo_api: '2025-10-01',
      })
      expect(capgo.rows.has(VERSION)).toBe(false)
      expect(capgo.channels.size).toBe(0)
      expect(lines.some((line) => /retry 1 of/.test(line.message))).toBe(true)
    },
  )

  // ---- net (issue 8, item 10): delete_failed_version cannot remove a version once its file is stored ----
  const afterTheFile: Array<{ step: CapgoStep; setup?: (capgo: CapgoTestServer) => void; stays: string }> = [
    { step: 'finalize', stays: 'stays in Capgo with its file stored but not finalized, linked to no channel' },
    {
      step: 'finalize_legacy',
      setup: (capgo) => (capgo.newFinalize = false),
      stays: 'stays in Capgo with its file stored but not finalized, linked to no channel',
    },
  ]

  it.each(afterTheFile)(
    'claims no clean-up when $step fails after the file is stored: says what stays and what to do',
    async ({ step, setup, stays }) => {
      const capgo = await startServer()
      setup?.(capgo)
      capgo.fail(step, 500)
      const logger = recordingLogger()
      const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, logger, fast)
      const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

      expect(error.message).toContain(`Capgo: version ${VERSION} ${stays}`)
      expect(error.message).not.toMatch(/deleted version/)
      expect(capgo.requestsAt('delete')).toEqual([])
      expect(capgo.rows.has(VERSION)).toBe(true)
      expect(capgo.channels.size).toBe(0)
      expect(
        logger.lines.filter((line) => line.level === 'warning' && line.message.startsWith('Capgo:')).map((line) => line.message),
      ).toEqual([expect.stringContaining(`version ${VERSION} ${stays}`)])
      // What the message tells is what happens: the same job, run again, finalizes the stored file and completes the version.
      expect(error.message).toContain('run the same job again (same content) to finalize it and complete the version')
      expect(error.message).not.toMatch(/bump/)
      capgo.fail(step, 500, 0)
      await (
        await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, recordingLogger(), fast)
      ).publishHosted({ dryRun: false })
      expect(capgo.rows.get(VERSION)?.storage_provider).not.toBe('r2-direct')
      expect(capgo.channels.get('production')).toBe(VERSION)
      await expectDeviceAccepts(capgo, small)
    },
  )

  it('names the channels already linked when a later channel fails, and what to do about the rest', async () => {
    const capgo = await startServer()
    // Per channel name, so beta goes through and production fails.
    const proxy = await FaultProxy.start({
      upstream: capgo.url,
      classify: (method, url, body) => {
        const step = capgoStepOf(method, url, body)
        return step === 'channel' ? `channel:${(JSON.parse(body ?? '{}') as { channel?: string }).channel}` : step
      },
    })
    proxy.inject('channel:production', 'http500')
    try {
      const settings = {
        ...settingsFor(capgo, { channels: ['beta', 'production'] }),
        apiUrl: proxy.via(capgo.apiUrl),
        filesUrl: proxy.via(capgo.filesUrl),
      }
      const session = await openCapgo(settings, small, recordingLogger(), fast)
      const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))
      expect(error.message).toContain('setting channel production')
      expect(error.message).toContain('run the job again (same content) to complete the channel assignment')
      expect(capgo.requestsAt('delete')).toEqual([])
      expect(Object.fromEntries(capgo.channels)).toEqual({ beta: VERSION })
      await expectDeviceAccepts(capgo, small)
    } finally {
      await proxy.close()
    }
  })

  it('reports a 404 from delete_failed_version as "user or app not found", never as "no such version"', async () => {
    const capgo = await startServer()
    capgo.fail('put', 500)
    capgo.fail('delete', 404)
    const session = await openCapgo(settingsFor(capgo), small, recordingLogger(), fast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))
    expect(error.message).toContain(
      `Capgo: version ${VERSION} may remain in Capgo, linked to no channel (delete_failed_version answered 404: user or app not found for this capgo-token)`,
    )
    expect(error.message).not.toMatch(/holds no version|deleted version/)
  })

  it('says the capgo-token may not delete bundles when delete_failed_version answers 401', async () => {
    const capgo = await startServer()
    capgo.fail('put', 500)
    capgo.deleteForbidden = true
    const session = await openCapgo(settingsFor(capgo), small, recordingLogger(), fast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))
    expect(error.message).toContain(
      'the capgo-token may not delete bundles (bundle.delete)): give the capgo-token bundle.delete and run the same job again (same content)',
    )
    expect(capgo.rows.has(VERSION)).toBe(true)
    // With the right, the re-run removes the row whose file never arrived and publishes afresh.
    capgo.deleteForbidden = false
    capgo.fail('put', 500, 0)
    await (await openCapgo(settingsFor(capgo), small, recordingLogger(), fast)).publishHosted({ dryRun: false })
    expect(capgo.requestsAt('delete').length).toBeGreaterThan(0)
    await expectDeviceAccepts(capgo, small)
  })

  it('the test server deletes like the real endpoint: only an r2-direct row whose file is not stored', async () => {
    const capgo = await startServer()
    const remove = async (name: string, appId = APP_ID) => {
      const response = await fetch(`${capgo.apiUrl}/private/delete_failed_version`, {
        method: 'DELETE',
        headers: { authorization: capgo.token, capgkey: capgo.token, capgo_api: '2025-10-01', 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: appId, name }),
      })
      return { status: response.status, error: ((await response.json()) as { error?: string }).error }
    }
    const session = await openCapgo(settingsFor(capgo), small, recordingLogger(), fast)
    await session.publishHosted({ dryRun: false })
    expect(await remove(VERSION)).toEqual({ status: 400, error: 'error_already_deleted' })
    capgo.rows.get(VERSION)!.storage_provider = 'r2-direct'
    expect(await remove(VERSION)).toEqual({ status: 400, error: 'error_already_uploaded_to_s3' })
    expect(await remove(VERSION, 'com.other.app')).toEqual({ status: 404, error: 'app_not_found' })
    capgo.objects.clear()
    expect(await remove(VERSION)).toEqual({ status: 200, error: undefined })
    expect(capgo.rows.has(VERSION)).toBe(false)
  })

  it.each([500, 400])('keeps the finalized version when a channel fails (HTTP %i) and says a re-run completes it', async (status) => {
    const capgo = await startServer()
    capgo.fail('channel', status)
    const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, recordingLogger(), fast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error.message).toContain('setting channel production')
    expect(error.message).toContain(
      `Version ${VERSION} is stored and finalized in Capgo; run the job again (same content) to complete the channel assignment.`,
    )
    expect(capgo.steps().at(-1)).toBe('channel')
    expect(capgo.requestsAt('delete')).toHaveLength(0)
    expect(capgo.rows.get(VERSION)?.storage_provider).toBe('r2')
  })
  // ---- end net ----

  it('cleans up after a row insert whose outcome is unknown (5xx), but not after a clear refusal (4xx)', async () => {
    const unknown = await startServer()
    unknown.fail('row', 503)
    let session = await openCapgo(settingsFor(unknown), small, recordingLogger(), fast)
    let error = await bundleErrorOf(session.publishHosted({ dryRun: false }))
    expect(unknown.steps().slice(-3)).toEqual(['row', 'row', 'delete'])
    // The row never landed, so delete_failed_version finds none; nothing is claimed either way.
    expect(error.message).not.toMatch(/deleted|stays|remain/)
    await unknown.close()

    const refused = await startServer()
    refused.fail('row', 400)
    session = await openCapgo(settingsFor(refused), small, recordingLogger(), fast)
    error = await bundleErrorOf(session.publishHosted({ dryRun: false }))
    expect(error.code).toBe('capgo_http')
    expect(refused.steps().at(-1)).toBe('row')
    expect(refused.requestsAt('row')).toHaveLength(1)
  })

  it('retries a transient failure and carries on', async () => {
    const capgo = await startServer()
    capgo.fail('config', 503, 1)
    capgo.fail('put', 502, 1)
    const logger = recordingLogger()
    const { lines } = logger
    const session = await openCapgo(settingsFor(capgo), small, logger, fast)
    await session.publishHosted({ dryRun: false })

    expect(capgo.requestsAt('config').map((request) => request.status)).toEqual([503, 200])
    expect(capgo.requestsAt('put').map((request) => request.status)).toEqual([502, 200])
    expect(lines.filter((line) => /failed \(HTTP 50[23].*retry 1 of 1/.test(line.message))).toHaveLength(2)
    await expectDeviceAccepts(capgo, small)
  })
})

describe('TUS uploads', () => {
  it('uses TUS above the advertised maxChunkSize and resumes a dropped connection from the server offset', async () => {
    const capgo = await startServer()
    Object.assign(capgo.tus, { enabled: true, maxChunkSize: 32 * 1024 })
    capgo.dropTusOnce(20_000)
    const logger = recordingLogger()
    const { lines } = logger
    const session = await openCapgo(settingsFor(capgo), big, logger, fast)
    await session.publishHosted({ dryRun: false })

    const steps = capgo.steps()
    expect(steps).not.toContain('upload_link')
    expect(steps.slice(0, 7)).toEqual(['config', 'app', 'exist', 'files_config', 'actor', 'row', 'tus_create'])
    expect(steps.at(-1)).toBe('finalize')

    const [create] = capgo.requestsAt('tus_create')
    expect(create.path).toBe('/files-host/files/upload/attachments/')
    expect(only(create, ['authorization', 'capgkey', 'capgo_api', 'tus-resumable', 'upload-length'])).toEqual({
      authorization: capgo.token,
      capgkey: capgo.token,
      capgo_api: '2025-10-01',
      'tus-resumable': '1.0.0',
      'upload-length': String(big.bundleSize),
    })
    const metadata = Object.fromEntries(
      String(create.headers['upload-metadata'])
        .split(',')
        .map((pair) => pair.split(' '))
        .map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
    )
    expect(metadata).toEqual({ filename: `orgs/${capgo.ownerOrg}/apps/${APP_ID}/${VERSION}.zip`, filetype: 'application/zip' })

    const patches = capgo.requestsAt('tus_patch')
    expect(patches[0]).toMatchObject({ status: 0, bytes: 20_000 })
    expect(patches[0].headers['upload-offset']).toBe('0')
    const [head] = capgo.requestsAt('tus_head')
    expect(head.status).toBe(200)
    expect(steps.indexOf('tus_head')).toBe(steps.indexOf('tus_patch') + 1)
    const resumed = patches[1]
    expect(resumed.headers['upload-offset']).toBe('20000')
    expect(resumed.status).toBe(204)
    expect(patches.slice(1).every((patch) => patch.status === 204 && (patch.bytes ?? 0) <= 32 * 1024)).toBe(true)
    expect(20_000 + patches.slice(1).reduce((sum, patch) => sum + (patch.bytes ?? 0), 0)).toBe(big.bundleSize)
    expect(lines.some((line) => /interrupted .*resuming, retry 1 of 3/.test(line.message))).toBe(true)
    await expectDeviceAccepts(capgo, big)
  })

  it('uses a presigned PUT below the threshold, and TUS for any size when asked', async () => {
    const below = await startServer()
    below.tus.enabled = true
    await (await openCapgo(settingsFor(below), small, recordingLogger(), fast)).publishHosted({ dryRun: false })
    expect(below.steps()).toContain('put')
    expect(below.steps()).not.toContain('tus_create')
    await below.close()

    const asked = await startServer()
    asked.tus.enabled = true
    await (await openCapgo(settingsFor(asked, { tus: 'always' }), small, recordingLogger(), fast)).publishHosted({ dryRun: false })
    expect(asked.steps()).toContain('tus_create')
    expect(asked.steps()).not.toContain('put')
    await expectDeviceAccepts(asked, small)
  })

  it.each<{ tus: CapgoSettings['tus']; files: Partial<CapgoFilesConfig>; size: number; method: 'put' | 'tus' }>([
    { tus: 'auto', files: { TUSUpload: true, maxChunkSize: 100 }, size: 101, method: 'tus' },
    { tus: 'auto', files: { TUSUpload: true, maxChunkSize: 100 }, size: 100, method: 'put' },
    { tus: 'auto', files: { TUSUpload: false, maxChunkSize: 100 }, size: 101, method: 'put' },
    { tus: 'auto', files: { TUSUpload: true, TUSUploadForced: true, maxChunkSize: 100 }, size: 1, method: 'tus' },
    { tus: 'always', files: { TUSUpload: true, maxChunkSize: 100 }, size: 1, method: 'tus' },
    { tus: 'always', files: { TUSUpload: false }, size: 1, method: 'put' },
    { tus: 'never', files: { TUSUpload: true, TUSUploadForced: true, maxChunkSize: 100 }, size: 101, method: 'put' },
  ])('chooses $method for tus=$tus, size $size, server $files', ({ tus, files, size, method }) => {
    const config: CapgoFilesConfig = { TUSUpload: false, TUSUploadForced: false, maxChunkSize: 0, maxUploadLength: 0, ...files }
    expect(chooseUploadMethod(tus, config, size, recordingLogger())).toBe(method)
  })
})

describe('dry run', () => {
  it('makes only the read requests and logs each write it would make', async () => {
    const capgo = await startServer()
    const logger = recordingLogger()
    const { lines } = logger
    const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, logger, fast)
    const result = await session.publishHosted({ dryRun: true })

    expect(capgo.steps()).toEqual(['config', 'app', 'exist', 'files_config', 'actor'])
    expect(capgo.rows.size + capgo.objects.size + capgo.channels.size).toBe(0)
    const planned = lines.filter((line) => line.message.startsWith('Dry run: would')).map((line) => line.message)
    expect(planned).toHaveLength(4)
    expect(planned[0]).toContain(`"session_key":"${small.ivSessionKey}"`)
    expect(planned[1]).toMatch(/^Dry run: would upload .* by a presigned PUT/)
    expect(planned[2]).toContain('finalize_bundle_upload')
    expect(planned[3]).toBe(`Dry run: would set channel production to ${VERSION}`)
    expect(result).toMatchObject({ registered: false, skipped: false, channels: ['production'] })
  })
})

describe('custom storage registration', () => {
  it('creates an external row with external_url and key_id, then sets channels, without any file request', async () => {
    const capgo = await startServer()
    const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, recordingLogger(), fast)
    const result = await session.registerExternal('https://cdn.example.com/b/1.2.3.zip', { dryRun: false })

    expect(capgo.steps()).toEqual(['config', 'app', 'exist', 'actor', 'row', 'channel'])
    expect(capgo.requestsAt('row')[0].body).toMatchObject({
      storage_provider: 'external',
      external_url: 'https://cdn.example.com/b/1.2.3.zip',
      key_id: small.keyId,
      session_key: small.ivSessionKey,
      checksum: small.checksum,
    })
    expect(result).toMatchObject({ registered: true, bundleUrl: 'https://cdn.example.com/b/1.2.3.zip', channels: ['production'] })
  })

  it('keeps the external version when its channel fails (delete_failed_version cannot delete external rows): a re-run completes it', async () => {
    const capgo = await startServer()
    capgo.fail('channel', 404)
    const session = await openCapgo(settingsFor(capgo, { channels: ['nope'] }), small, recordingLogger(), fast)
    const error = await bundleErrorOf(session.registerExternal('https://cdn.example.com/b/1.2.3.zip', { dryRun: false }))
    expect(capgo.steps().slice(-2)).toEqual(['row', 'channel'])
    expect(error.message).toContain('run the job again (same content) to complete the channel assignment')
    expect(capgo.rows.size).toBe(1)
    expect(session.rowMayRemain).toBe(true)
  })

  it('an external row whose insert landed but whose answer never came stays, and the message is true: the same job, run again, completes it', async () => {
    const capgo = await startServer()
    const proxy = await FaultProxy.start({ upstream: capgo.url, classify: capgoStepOf })
    proxy.inject('row', 'lose-answer')
    const url = 'https://cdn.example.com/b/1.2.3.zip'
    try {
      const settings = {
        ...settingsFor(capgo, { channels: ['production'] }),
        apiUrl: proxy.via(capgo.apiUrl),
        filesUrl: proxy.via(capgo.filesUrl),
      }
      const session = await openCapgo(settings, small, recordingLogger(), fast)
      const error = await bundleErrorOf(session.registerExternal(url, { dryRun: false }))
      expect(error.message).toContain(
        `Capgo: version ${VERSION} may remain in Capgo as an external version pointing at ${url}, linked to no channel (delete_failed_version cannot remove external versions): run the same job again (same content) to complete it.`,
      )
      expect(capgo.rows.get(VERSION)?.storage_provider).toBe('external')
    } finally {
      await proxy.close()
    }
    const rerun = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, recordingLogger(), fast)
    expect(rerun.versionExists).toBe(true)
    await rerun.skipExisting({ dryRun: false })
    expect(capgo.channels.get('production')).toBe(VERSION)
  })
})

describe('self-hosted Capgo', () => {
  it('sends API and files paths to {supaHost}/functions/v1 and PostgREST to {supaHost}/rest/v1, ignoring the advertised supaHost', async () => {
    const capgo = await startServer()
    capgo.advertisedSupaHost = 'http://kong:8000'
    const settings = settingsFor(capgo, {
      apiUrl: 'https://api.invalid',
      filesUrl: 'https://files.invalid',
      supabaseUrl: `${capgo.supaHost}/`,
      supabaseAnonKey: capgo.supaKey,
      channels: ['production'],
    })
    await (await openCapgo(settings, small, recordingLogger(), fast)).publishHosted({ dryRun: false })

    const f = '/supa/functions/v1'
    const r = '/supa/rest/v1'
    // Release control's own requests travel the same two layouts.
    for (const request of capgo.requests.filter((request) => request.release)) expect(['functions', 'rest']).toContain(request.layout)
    expect(
      capgo.requests
        .filter((request) => request.layout !== 'storage' && !request.release)
        .map((request) => `${request.method} ${request.path}`),
    ).toEqual([
      `GET ${f}/private/config`,
      `GET ${f}/app/${APP_ID}`,
      `POST ${r}/rpc/exist_app_versions`,
      `GET ${f}/files/config`,
      `POST ${r}/rpc/request_actor_user_id`,
      `POST ${r}/app_versions?on_conflict=name,app_id`,
      `POST ${f}/files/upload_link`,
      `POST ${f}/private/finalize_bundle_upload`,
      `POST ${f}/channel`,
    ])
    for (const request of capgo.requests.filter((request) => request.layout === 'functions' && !request.release)) {
      expect(only(request, ['authorization', 'capgkey', 'capgo_api'])).toEqual({
        authorization: capgo.token,
        capgkey: capgo.token,
        capgo_api: '2025-10-01',
      })
    }
    await expectDeviceAccepts(capgo, small)
  })

  it('runs TUS under functions/v1 too', async () => {
    const capgo = await startServer()
    capgo.tus.enabled = true
    const settings = settingsFor(capgo, { supabaseUrl: capgo.supaHost, tus: 'always' })
    await (await openCapgo(settings, small, recordingLogger(), fast)).publishHosted({ dryRun: false })
    expect(capgo.requestsAt('tus_create')[0].path).toBe('/supa/functions/v1/files/upload/attachments/')
    expect(capgo.requestsAt('tus_patch').every((patch) => patch.path.startsWith('/supa/functions/v1/files/upload/attachments/'))).toBe(true)
    await expectDeviceAccepts(capgo, small)
  })

  it('without capgo-supabase-url, refuses an advertised supaHost the token cannot safely travel to', async () => {
    const capgo = await startServer()
    capgo.advertisedSupaHost = 'http://kong:8000'
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo), small, recordingLogger(), fast))
    expect(error).toMatchObject({ code: 'capgo_config_invalid', input: 'capgo-supabase-url' })
    expect(error.message).toContain('http://kong:8000')
    expect(capgo.steps()).toEqual(['config'])
  })

  it('refuses a plain-http Capgo URL that is not on this machine', async () => {
    const error = await bundleErrorOf(
      openCapgo(settingsFor(await startServer(), { supabaseUrl: 'http://capgo.internal:8000' }), small, recordingLogger(), fast),
    )
    expect(error).toMatchObject({ code: 'capgo_url_insecure', input: 'capgo-supabase-url' })
  })
})

describe('secrets', () => {
  it('never prints the token, even when the server echoes it in an error', async () => {
    const capgo = await startServer()
    capgo.fail('channel', 500, Infinity, `apikey ${capgo.token} has no channel rights`)
    const logger = recordingLogger()
    const { lines } = logger
    const session = await openCapgo(settingsFor(capgo, { channels: ['production'] }), small, logger, fast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error.message).toContain('apikey *** has no channel rights')
    expect(lines.some((line) => line.message.includes('apikey ***'))).toBe(true)
    for (const text of [error.message, ...lines.map((line) => line.message)]) {
      expect(text).not.toContain(capgo.token)
      expect(text).not.toContain(capgo.issuedUrls[0])
    }
  })

  it('reports a wrong token as a capgo-token problem without repeating it', async () => {
    const capgo = await startServer()
    const wrong = `${capgo.token}-wrong`
    const logger = recordingLogger()
    const { lines, secrets } = logger
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo, { token: wrong }), small, logger, fast))

    expect(error).toMatchObject({ code: 'capgo_unauthorized', input: 'capgo-token' })
    expect(capgo.requestsAt('config')).toHaveLength(1)
    expect(secrets[0]).toBe(wrong)
    for (const text of [error.message, ...lines.map((line) => line.message)]) expect(text).not.toContain(wrong)
  })
})

describe('timeouts', () => {
  it('ends a hanging read with a clear error naming the URL input', async () => {
    const capgo = await startServer()
    capgo.hang('app')
    const started = Date.now()
    const error = await bundleErrorOf(openCapgo(settingsFor(capgo), small, recordingLogger(), hangFast))

    expect(error).toMatchObject({ code: 'capgo_timeout', input: 'capgo-api-url' })
    expect(error.message).toContain(`looking up app ${APP_ID}`)
    expect(capgo.requestsAt('app')).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('ends a hanging presigned upload and deletes the version', async () => {
    const capgo = await startServer()
    capgo.hang('put')
    const session = await openCapgo(settingsFor(capgo), small, recordingLogger(), hangFast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error.code).toBe('capgo_timeout')
    expectNothingAfter(capgo, 'delete')
    expect(capgo.rows.size).toBe(0)
  })

  it('ends a hanging TUS chunk after its resumes and deletes the version', async () => {
    const capgo = await startServer()
    Object.assign(capgo.tus, { enabled: true, maxChunkSize: 32 * 1024 })
    capgo.hang('tus_patch')
    const session = await openCapgo(settingsFor(capgo), big, recordingLogger(), hangFast)
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error.code).toBe('capgo_timeout')
    // At most four attempts (1 + 3 resumes); on a loaded machine a resume's HEAD may be the request that times out instead.
    expect(capgo.requestsAt('tus_patch').length).toBeGreaterThanOrEqual(1)
    expect(capgo.requestsAt('tus_patch').length).toBeLessThanOrEqual(4)
    expect(capgo.requestsAt('tus_head').length).toBeLessThanOrEqual(3)
    expectNothingAfter(capgo, 'delete')
  })

  // ---- net (issue 8, item 3) ----
  it('ends a hung TUS PATCH of a tiny bundle after request-timeout, not after a time sized to a 16 MiB chunk', async () => {
    const capgo = await startServer()
    capgo.tus.enabled = true
    capgo.hang('tus_patch')
    const session = await openCapgo(settingsFor(capgo, { tus: 'always' }), small, recordingLogger(), {
      timings: { ...fast.timings, requestTimeoutMs: 200 },
    })
    const error = await bundleErrorOf(session.publishHosted({ dryRun: false }))

    expect(error).toMatchObject({ code: 'capgo_timeout', input: 'capgo-files-url' })
    expect(error.message).toMatch(
      new RegExp(
        `^No progress from ${capgo.url.replace(/[.]/g, '\\.')} for 0\\.2 s \\(request-timeout\\), 4 attempts while uploading the bundle \\(TUS\\); check capgo-files-url or raise request-timeout\\.`,
      ),
    )
    expect(capgo.requestsAt('tus_patch')).toHaveLength(4)
  })

  it('names the endpoint and the step when a Capgo request hangs', async () => {
    const capgo = await startServer()
    capgo.hang('exist')
    const error = await bundleErrorOf(
      openCapgo(settingsFor(capgo), small, recordingLogger(), { timings: { ...fast.timings, requestTimeoutMs: 200 } }),
    )
    expect(error.message).toBe(
      `No progress from ${capgo.url} for 0.2 s (request-timeout), 2 attempts while checking whether version ${VERSION} exists; check capgo-supabase-url or raise request-timeout.`,
    )
  })
  // ---- end net ----
})
