import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { openCapgo, type CapgoOptions } from '../src/publish/capgo/session.js'
import { publish } from '../src/publish/index.js'
import { ReleaseRefusal } from '../src/release/decide.js'
import type { NativePackage } from '../src/release/native-packages.js'
import type { ReleaseSettings } from '../src/release/settings.js'
import type { CapgoSettings, PackedBundle, PublishResult } from '../src/types.js'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer, type RecordedRequest } from './support/capgo-server.js'
import { bundleErrorOf, recordingLogger, type RecordingLogger } from './support/fixtures.js'

const APP_ID = 'com.example.liveupdate'
const VERSION = '1.2.3'
const fast: CapgoOptions = { timings: { requestTimeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 1 }, tusRetryDelays: [0] } }

const camera: NativePackage = {
  name: 'camera',
  version: '5.0.1',
  requested_version: '^5.0.0',
  ios_checksum: 'a'.repeat(64),
  android_checksum: 'b'.repeat(64),
}
const cameraNewIos: NativePackage = { ...camera, ios_checksum: 'c'.repeat(64) }

let work: string
let bundle: PackedBundle
let server: CapgoTestServer | undefined

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'release-capgo-'))
  const key = parsePrivateKey(generateKeyPair().privatePem, recordingLogger())
  bundle = await packBundle(
    { buildDir: 'examples/app/www', appId: APP_ID, version: VERSION, outputDir: work, key, checksumFormat: 'v3' },
    recordingLogger(),
  )
})
afterAll(() => rm(work, { recursive: true, force: true }))
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(): Promise<CapgoTestServer> {
  server = await CapgoTestServer.start({ appId: APP_ID })
  return server
}

function release(fields: Partial<ReleaseSettings> = {}): ReleaseSettings {
  return {
    compatibility: 'fail',
    autoMinUpdateVersion: false,
    selfAssign: false,
    deleteLinkedBundleOnUpload: false,
    unchanged: 'fail',
    nativePackages: [camera],
    ...fields,
  }
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
    release: release(),
    ...fields,
  }
}

/** A channel `production` serving version 1.0.0 whose native packages are `packages`. */
function production(
  capgo: CapgoTestServer,
  packages: unknown = [camera],
  fields: Parameters<CapgoTestServer['remote']['addChannel']>[1] = {},
) {
  capgo.remote.addVersion('1.0.0', { native_packages: packages, min_update_version: '1.0.0' })
  return capgo.remote.addChannel('production', { version: '1.0.0', ...fields })
}

async function publishHosted(
  capgo: CapgoTestServer,
  fields: Partial<CapgoSettings> = {},
  logger: RecordingLogger = recordingLogger(),
): Promise<PublishResult> {
  const session = await openCapgo(settings(capgo, fields), bundle, logger, fast)
  return session.publishHosted({ dryRun: false })
}

const writes = (capgo: CapgoTestServer): RecordedRequest[] => capgo.requests.filter(isWrite)
const describeWrite = (request: RecordedRequest) =>
  `${request.method} ${request.path.replace(/\?X-Amz.*$/, '').replace(/^\/r2\/.*$/, '/r2/<object>')}`
const rowOf = (capgo: CapgoTestServer) =>
  writes(capgo).find((request) => request.path.includes('/rest/v1/app_versions'))!.body as Record<string, unknown>

async function refusedWithoutWrites(capgo: CapgoTestServer, fields: Partial<CapgoSettings>) {
  const error = await bundleErrorOf(publishHosted(capgo, fields))
  expect(writes(capgo).map(describeWrite)).toEqual([])
  return error
}

describe('native compatibility', () => {
  it('compatible: the row carries native_packages, the existing channel is linked with PUT /bundle, the console is notified', async () => {
    const capgo = await start()
    const channel = production(capgo)
    const result = await publishHosted(capgo)

    expect(writes(capgo).map(describeWrite)).toEqual([
      'POST /supa/rest/v1/app_versions?on_conflict=name,app_id',
      'POST /files-host/files/upload_link',
      'PUT /r2/<object>',
      'POST /api/private/finalize_bundle_upload',
      'PUT /api/bundle',
    ])
    expect(rowOf(capgo).native_packages).toEqual([camera])
    const id = capgo.rows.get(VERSION)!.id
    expect(writes(capgo).at(-1)!.body).toEqual({ app_id: APP_ID, version_id: id, channel_id: channel.id })
    expect(capgo.remote.channelVersionName('production')).toBe(VERSION)
    expect(capgo.remote.events).toEqual([
      {
        channel: 'app',
        event: 'Bundle Uploaded',
        org_id: capgo.ownerOrg,
        tracking_version: 2,
        tags: { 'app-id': APP_ID, bundle: VERSION },
        notifyConsole: true,
      },
    ])
    expect(result).toMatchObject({ published: true, compatibility: 'compatible', channels: ['production'] })
    const permission = capgo.requests.filter((request) => request.path.endsWith('/rpc/cli_check_permission')).map((request) => request.body)
    expect(permission).toContainEqual({
      apikey: capgo.token,
      permission_key: 'channel.promote_bundle',
      org_id: null,
      app_id: APP_ID,
      channel_id: channel.id,
    })
  })

  it('fail: an incompatible bundle is refused before any write, with the table in the log', async () => {
    const capgo = await start()
    production(capgo)
    const logger = recordingLogger()
    const error = await bundleErrorOf(publishHosted(capgo, { release: release({ nativePackages: [cameraNewIos] }) }, logger))
    expect(error).toBeInstanceOf(ReleaseRefusal)
    expect(error.input).toBe('compatibility')
    expect(logger.text()).toContain('| camera | 5.0.1 | 5.0.1 | incompatible: iOS native code changed |')
    expect(writes(capgo)).toEqual([])
  })

  it('warn: reports, publishes, outputs incompatible', async () => {
    const capgo = await start()
    production(capgo)
    const result = await publishHosted(capgo, { release: release({ compatibility: 'warn', nativePackages: [cameraNewIos] }) })
    expect(result).toMatchObject({ published: true, compatibility: 'incompatible' })
    expect(capgo.remote.channelVersionName('production')).toBe(VERSION)
  })

  it('fail passes with auto-min-update-version on a version_number channel: min_update_version is the new version', async () => {
    const capgo = await start()
    production(capgo, [camera], { disable_auto_update: 'version_number' })
    const result = await publishHosted(capgo, { release: release({ autoMinUpdateVersion: true, nativePackages: [cameraNewIos] }) })
    expect(rowOf(capgo).min_update_version).toBe(VERSION)
    expect(result).toMatchObject({ compatibility: 'incompatible', minUpdateVersion: VERSION, published: true })
  })

  it('ignore: no check, no native_packages key in the row, compatibility unchecked', async () => {
    const capgo = await start()
    production(capgo)
    const result = await publishHosted(capgo, { release: release({ compatibility: 'ignore', nativePackages: undefined }) })
    expect(rowOf(capgo)).not.toHaveProperty('native_packages')
    expect(result.compatibility).toBe('unchecked')
  })

  it('a new channel passes with a notice and is created with POST /channel', async () => {
    const capgo = await start()
    const logger = recordingLogger()
    const result = await publishHosted(capgo, {}, logger)
    expect(writes(capgo).at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/channel',
      body: { app_id: APP_ID, channel: 'production', version: VERSION },
    })
    expect(logger.text()).toContain('Channel production is new or has no native-package metadata')
    expect(result.compatibility).toBe('unchecked')
  })
})

describe('min-update-version', () => {
  it('a version_number channel without a value is refused before any write', async () => {
    const capgo = await start()
    production(capgo, [camera], { disable_auto_update: 'version_number' })
    expect((await refusedWithoutWrites(capgo, {})).input).toBe('min-update-version')
  })

  it('auto on a compatible channel carries its value over', async () => {
    const capgo = await start()
    production(capgo)
    await publishHosted(capgo, { release: release({ autoMinUpdateVersion: true }) })
    expect(rowOf(capgo).min_update_version).toBe('1.0.0')
  })

  it('auto on a compatible channel without a value is refused before any write', async () => {
    const capgo = await start()
    capgo.remote.addVersion('1.0.0', { native_packages: [camera], min_update_version: null })
    capgo.remote.addChannel('production', { version: '1.0.0' })
    expect((await refusedWithoutWrites(capgo, { release: release({ autoMinUpdateVersion: true }) })).input).toBe('auto-min-update-version')
  })
})

describe('unchanged content', () => {
  it('fail: refused before any write when every channel already serves the same signed checksum', async () => {
    const capgo = await start()
    production(capgo)
    capgo.rows.get('1.0.0')!.checksum = bundle.checksum
    expect((await refusedWithoutWrites(capgo, {})).code).toBe('unchanged')
  })

  it("skip: nothing published; outputs are the channel bundle's session key, checksum and id", async () => {
    const capgo = await start()
    production(capgo)
    const stored = capgo.rows.get('1.0.0')!
    stored.checksum = bundle.checksum
    const logger = recordingLogger()
    const result = await publishHosted(capgo, { release: release({ unchanged: 'skip' }) }, logger)
    expect(writes(capgo)).toEqual([])
    expect(result).toMatchObject({
      published: false,
      skippedReason: 'unchanged',
      stored: { ivSessionKey: stored.session_key, checksum: bundle.checksum, versionId: String(stored.id) },
    })
    expect(logger.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toContainEqual(
      expect.stringContaining('Nothing was published'),
    )
  })

  it('a channel that already serves it is left out; the others are assigned', async () => {
    const capgo = await start()
    production(capgo)
    capgo.rows.get('1.0.0')!.checksum = bundle.checksum
    const result = await publishHosted(capgo, { channels: ['production', 'beta'] })
    expect(result.channels).toEqual(['beta'])
    expect(writes(capgo).at(-1)).toMatchObject({ path: '/api/channel', body: { channel: 'beta' } })
  })
})

describe('progressive rollout', () => {
  it('sends the documented POST /channel body', async () => {
    const capgo = await start()
    production(capgo)
    await publishHosted(capgo, { release: release({ rollout: { bps: 1250, advance: false, cacheTtlSeconds: 300 } }) })
    expect(writes(capgo).at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/channel',
      body: {
        app_id: APP_ID,
        channel: 'production',
        rolloutVersion: VERSION,
        rolloutPercentageBps: 1250,
        rolloutEnabled: true,
        rolloutCacheTtlSeconds: 300,
      },
    })
    expect(Object.keys(writes(capgo).at(-1)!.body as object)).not.toContain('advanceRollout')
    const channel = capgo.remote.channels.get('production')!
    expect(channel).toMatchObject({ rollout_version: capgo.rows.get(VERSION)!.id, rollout_percentage_bps: 1250, rollout_enabled: true })
    expect(capgo.remote.channelVersionName('production')).toBe('1.0.0')
  })

  it('advance reuses the channel percentage and asks the server to promote the previous target', async () => {
    const capgo = await start()
    capgo.remote.addVersion('1.1.0')
    production(capgo, [camera], { rolloutVersion: '1.1.0', rollout_percentage_bps: 2500, rollout_enabled: true })
    await publishHosted(capgo, { release: release({ rollout: { advance: true } }) })
    expect(writes(capgo).at(-1)!.body).toEqual({
      app_id: APP_ID,
      channel: 'production',
      rolloutVersion: VERSION,
      rolloutPercentageBps: 2500,
      rolloutEnabled: true,
      advanceRollout: true,
    })
    expect(capgo.remote.channelVersionName('production')).toBe('1.1.0')
  })

  it.each([
    ['a missing channel', (capgo: CapgoTestServer) => void capgo, 'rollout_channel_missing'],
    ['a channel without stable bundle', (capgo: CapgoTestServer) => void capgo.remote.addChannel('production'), 'rollout_no_stable'],
    ['advance without a target', (capgo: CapgoTestServer) => void production(capgo), 'rollout_no_target'],
  ])('refuses %s before any write', async (_, setup, code) => {
    const capgo = await start()
    setup(capgo)
    const advance = code === 'rollout_no_target'
    expect(
      (
        await refusedWithoutWrites(capgo, {
          release: release({ rollout: advance ? { advance: true, bps: 100 } : { bps: 100, advance: false } }),
        })
      ).code,
    ).toBe(code)
  })

  it('refuses without channel.update_settings, before any write', async () => {
    const capgo = await start()
    production(capgo)
    capgo.remote.denied.add('channel.update_settings')
    expect((await refusedWithoutWrites(capgo, { release: release({ rollout: { bps: 100, advance: false } }) })).input).toBe('capgo-token')
  })
})

describe('channel options', () => {
  it('self-assign on an existing channel: read it, then PATCH with allow_device_self_set instead of PUT /bundle', async () => {
    const capgo = await start()
    production(capgo)
    await publishHosted(capgo, { release: release({ selfAssign: true }) })
    const patch = writes(capgo).at(-1)!
    expect(patch.method).toBe('PATCH')
    expect(patch.path).toBe(`/supa/rest/v1/channels?app_id=eq.${APP_ID}&name=eq.production&select=*`)
    expect(patch.headers.prefer).toBe('return=representation')
    expect(patch.body).toEqual({
      name: 'production',
      app_id: APP_ID,
      created_by: capgo.userId,
      version: capgo.rows.get(VERSION)!.id,
      owner_org: capgo.ownerOrg,
      allow_device_self_set: true,
    })
  })

  it('self-assign on a new channel: POST /channel with allow_device_self_set', async () => {
    const capgo = await start()
    await publishHosted(capgo, { release: release({ selfAssign: true }) })
    expect(writes(capgo).at(-1)!.body).toEqual({ app_id: APP_ID, channel: 'production', version: VERSION, allow_device_self_set: true })
  })

  it('delete-linked-bundle-on-upload soft-deletes the bundle the channel served, once', async () => {
    const capgo = await start()
    const channel = production(capgo)
    capgo.remote.addChannel('beta', { version: '1.0.0' })
    await publishHosted(capgo, { channels: ['production', 'beta'], release: release({ deleteLinkedBundleOnUpload: true }) })
    const deletes = writes(capgo).filter((request) => request.method === 'PATCH')
    expect(deletes.map((request) => [request.path, request.body])).toEqual([
      [`/supa/rest/v1/app_versions?id=eq.${capgo.rows.get('1.0.0')!.id}`, { deleted: true }],
    ])
    expect(capgo.rows.get('1.0.0')!.deleted).toBe(true)
    expect(channel.id).toBeGreaterThan(0)
  })

  it('delete-linked-bundle-on-upload without bundle.delete warns and deletes nothing', async () => {
    const capgo = await start()
    production(capgo)
    capgo.remote.denied.add('bundle.delete')
    const logger = recordingLogger()
    await publishHosted(capgo, { release: release({ deleteLinkedBundleOnUpload: true }) }, logger)
    expect(writes(capgo).filter((request) => request.method === 'PATCH')).toEqual([])
    expect(logger.text()).toContain('lacks bundle.delete')
  })

  it.each([
    ['channel.promote_bundle on an existing channel', true],
    ['app.create_channel for a new channel', false],
  ])('refuses without %s, before any write', async (permission, exists) => {
    const capgo = await start()
    if (exists) production(capgo)
    capgo.remote.denied.add(permission.split(' ')[0])
    expect((await refusedWithoutWrites(capgo, {})).input).toBe('capgo-token')
  })
})

describe('organisation checks', () => {
  it('a fatal organisation warning refuses before any write; others are printed', async () => {
    const capgo = await start()
    capgo.remote.cliWarnings = [
      { message: 'Heads up:\\nnew CLI', fatal: false },
      { message: 'Your account is suspended', fatal: true },
    ]
    const logger = recordingLogger()
    const error = await bundleErrorOf(openCapgo(settings(capgo), bundle, logger, fast))
    expect(error.message).toContain('Your account is suspended')
    expect(logger.text()).toContain('Heads up:\nnew CLI')
    expect(writes(capgo)).toEqual([])
    expect(capgo.requests.find((request) => request.path.endsWith('get_organization_cli_warnings'))!.body).toEqual({
      orgid: capgo.ownerOrg,
      cli_version: '8.68.1',
    })
  })

  it.each([
    ['billing', { withApp: false, withoutApp: false }, 'capgo_plan'],
    ['a key that cannot read billing', { withApp: false, withoutApp: true }, 'capgo_permission'],
  ])('the plan check refuses %s', async (_, plan, code) => {
    const capgo = await start()
    capgo.remote.plan = plan
    expect((await bundleErrorOf(openCapgo(settings(capgo), bundle, recordingLogger(), fast))).code).toBe(code)
    expect(writes(capgo)).toEqual([])
  })

  it('2FA required refuses; a trial only warns', async () => {
    const capgo = await start()
    capgo.remote.twoFactorRequired = true
    expect((await bundleErrorOf(openCapgo(settings(capgo), bundle, recordingLogger(), fast))).code).toBe('capgo_2fa_required')
    capgo.remote.twoFactorRequired = false
    capgo.remote.trialDays = 5
    const logger = recordingLogger()
    await openCapgo(settings(capgo), bundle, logger, fast)
    expect(logger.text()).toContain('expires in 5 days')
  })

  it('the server alert size only warns', async () => {
    const capgo = await start()
    capgo.tus.alertUploadSize = 100
    const logger = recordingLogger()
    const session = await openCapgo(settings(capgo), bundle, logger, fast)
    await session.publishHosted({ dryRun: true })
    expect(logger.lines).toContainEqual({ level: 'warning', message: expect.stringContaining("above Capgo's 0.0 MB alert size") })
  })
})

describe('existing versions', () => {
  it('version-exists: skip with other content: outputs describe the stored version, nothing is written', async () => {
    const capgo = await start()
    const stored = capgo.remote.addVersion(VERSION, { checksum: 'other', session_key: 'iv:stored' })
    const result = await publishHosted(capgo, { versionExists: 'skip' })
    expect(writes(capgo)).toEqual([])
    expect(result).toMatchObject({
      published: false,
      skippedReason: 'version-exists',
      stored: { ivSessionKey: 'iv:stored', checksum: 'other', versionId: String(stored.id) },
    })
  })

  it('version-exists: fail with other content refuses, naming version-exists', async () => {
    const capgo = await start()
    capgo.remote.addVersion(VERSION, { checksum: 'other' })
    expect((await refusedWithoutWrites(capgo, {})).input).toBe('version-exists')
  })

  it('same content, finalized: a re-run completes the channel assignment and says "completed"', async () => {
    const capgo = await start()
    production(capgo)
    const stored = capgo.remote.addVersion(VERSION, { checksum: bundle.checksum, session_key: 'iv:stored', native_packages: [camera] })
    const logger = recordingLogger()
    const result = await publishHosted(capgo, {}, logger)
    expect(writes(capgo).map(describeWrite)).toEqual(['PUT /api/bundle'])
    expect(capgo.remote.channelVersionName('production')).toBe(VERSION)
    expect(logger.lines.filter((line) => /completed/i.test(line.message)).length).toBeGreaterThan(0)
    expect(result).toMatchObject({
      published: true,
      stored: { ivSessionKey: 'iv:stored', checksum: bundle.checksum, versionId: String(stored.id) },
    })
    expect(result.skippedReason).toBeUndefined()
  })

  it('same content, already everywhere: completed with nothing to do', async () => {
    const capgo = await start()
    capgo.remote.addVersion(VERSION, { checksum: bundle.checksum, native_packages: [camera] })
    capgo.remote.addChannel('production', { version: VERSION })
    const logger = recordingLogger()
    const result = await publishHosted(capgo, {}, logger)
    expect(writes(capgo)).toEqual([])
    expect(logger.text()).toContain('Completed version 1.2.3 of com.example.liveupdate: nothing was missing')
    expect(result.published).toBe(true)
  })

  it('a row left unfinalized whose file never arrived is removed and published afresh', async () => {
    const capgo = await start()
    capgo.remote.realisticDelete = true
    capgo.remote.addVersion(VERSION, { checksum: bundle.checksum, storage_provider: 'r2-direct' })
    const result = await publishHosted(capgo)
    expect(writes(capgo).map(describeWrite)).toEqual([
      'DELETE /api/private/delete_failed_version',
      'POST /supa/rest/v1/app_versions?on_conflict=name,app_id',
      'POST /files-host/files/upload_link',
      'PUT /r2/<object>',
      'POST /api/private/finalize_bundle_upload',
      'POST /api/channel',
    ])
    expect(result).toMatchObject({ published: true })
    expect(result.stored).toBeUndefined()
  })

  it('a row left unfinalized whose file is stored is finalized, then completed', async () => {
    const capgo = await start()
    capgo.remote.realisticDelete = true
    const stored = capgo.remote.addVersion(VERSION, { checksum: bundle.checksum, storage_provider: 'r2-direct', session_key: 'iv:stored' })
    capgo.objects.set(capgo.objectKey(VERSION), Buffer.from('the earlier upload'))
    const result = await publishHosted(capgo)
    expect(writes(capgo).map(describeWrite)).toEqual([
      'DELETE /api/private/delete_failed_version',
      'POST /api/private/finalize_bundle_upload',
      'POST /api/channel',
    ])
    expect(capgo.rows.get(VERSION)!.storage_provider).toBe('r2')
    expect(result).toMatchObject({ published: true, stored: { ivSessionKey: 'iv:stored', versionId: String(stored.id) } })
  })
})

describe('custom storage with Capgo registration', () => {
  it('refuses an incompatible bundle before the object is uploaded, and writes nothing to Capgo', async () => {
    const capgo = await start()
    production(capgo)
    const calls: string[] = []
    const target = { url: 'https://cdn.example.com/b.zip', key: 'b.zip' }
    const backend = {
      async check() {
        calls.push('check')
        return target
      },
      async put() {
        calls.push('put')
        return target
      },
    }
    const storage = {
      kind: 'url' as const,
      uploadUrl: 'https://up.example.com/b.zip',
      headers: {},
      publicUrl: target.url,
      allowInsecurePublicUrl: false,
      verifyUpload: false,
      registerWith: settings(capgo, { release: release({ nativePackages: [cameraNewIos] }) }),
    }
    const seams = {
      createBackend: async () => backend,
      openCapgo: (s: CapgoSettings, b: PackedBundle, l: RecordingLogger) => openCapgo(s, b, l, fast),
    }
    const error = await bundleErrorOf(publish({ storage, dryRun: false }, bundle, recordingLogger(), seams))
    expect(error.code).toBe('incompatible')
    expect(calls).toEqual([])
    expect(writes(capgo)).toEqual([])
  })
})
