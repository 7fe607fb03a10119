import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { openCapgo } from '../src/publish/capgo/session.js'
import { collectNativePackages } from '../src/release/native-packages.js'
import type { ReleaseSettings } from '../src/release/settings.js'
import type { CapgoSettings } from '../src/types.js'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer, type RecordedRequest } from './support/capgo-server.js'
import { keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'
import { installNativeFixtures } from './support/native-fixtures.js'
import { officialUpload, pointOfficialCliAt } from './support/official-upload.js'

afterAll(removeTempDirs)

const APP_ID = 'com.example.test'
const VERSION = '1.1.0'

/** The same remote state on a fresh server: version 1.0.0 (with `packages`) on channel production, plus what the case adds. */
type Setup = (server: CapgoTestServer, packages: unknown) => void

const withProduction =
  (fields: Parameters<CapgoTestServer['remote']['addChannel']>[1] = {}, extra?: Setup): Setup =>
  (server, packages) => {
    server.remote.addVersion('0.9.0', { native_packages: packages })
    server.remote.addVersion('1.0.0', { native_packages: packages, min_update_version: '1.0.0' })
    server.remote.addChannel('production', { version: '1.0.0', ...fields })
    extra?.(server, packages)
  }

interface Case {
  name: string
  setup: Setup
  official: string[]
  ours: Partial<ReleaseSettings> & Pick<Partial<CapgoSettings>, 'minUpdateVersion' | 'channels'>
}

const cases: Case[] = [
  { name: 'an existing compatible channel', setup: withProduction(), official: ['--channel', 'production'], ours: {} },
  { name: 'a new channel', setup: () => undefined, official: ['--channel', 'beta'], ours: { channels: ['beta'] } },
  {
    name: 'min-update-version',
    setup: withProduction(),
    official: ['--channel', 'production', '--min-update-version', '1.0.0'],
    ours: { minUpdateVersion: '1.0.0' },
  },
  {
    name: 'auto-min-update-version on a compatible channel',
    setup: withProduction(),
    official: ['--channel', 'production', '--auto-min-update-version'],
    ours: { autoMinUpdateVersion: true },
  },
  {
    name: 'auto-min-update-version on an incompatible version_number channel (ours passes the fail gate because of it)',
    setup: (server) => withProduction({ disable_auto_update: 'version_number' })(server, []),
    official: ['--channel', 'production', '--auto-min-update-version'],
    ours: { autoMinUpdateVersion: true },
  },
  {
    name: 'ignore-metadata-check / compatibility: ignore',
    setup: withProduction(),
    official: ['--channel', 'production', '--ignore-metadata-check'],
    ours: { compatibility: 'ignore' },
  },
  {
    name: 'self-assign on an existing channel',
    setup: withProduction(),
    official: ['--channel', 'production', '--self-assign'],
    ours: { selfAssign: true },
  },
  {
    name: 'self-assign on a new channel',
    setup: () => undefined,
    official: ['--channel', 'beta', '--self-assign'],
    ours: { channels: ['beta'], selfAssign: true },
  },
  {
    name: 'delete-linked-bundle-on-upload',
    setup: withProduction(),
    official: ['--channel', 'production', '--delete-linked-bundle-on-upload'],
    ours: { deleteLinkedBundleOnUpload: true },
  },
  {
    name: 'a rollout with a cache TTL',
    setup: withProduction(),
    official: ['--channel', 'production', '--rollout', '12.5', '--rollout-cache-ttl-seconds', '300'],
    ours: { rollout: { bps: 1250, advance: false, cacheTtlSeconds: 300 } },
  },
  {
    name: 'rollout-advance reusing the channel percentage',
    setup: withProduction({ rolloutVersion: '0.9.0', rollout_percentage_bps: 2500, rollout_enabled: true }),
    official: ['--channel', 'production', '--rollout-advance'],
    ours: { rollout: { advance: true } },
  },
]

/** What a write is, for comparison: method, path without query, body without this run's session key, checksum, and the official CLI's extras. */
function normalise(server: CapgoTestServer, request: RecordedRequest): unknown {
  const path = request.path.split('?')[0].replace(/^\/r2\/.*$/, '/r2/<object>')
  const query =
    request.path.includes('/rest/v1/channels') || request.path.includes('/rest/v1/app_versions?id')
      ? new URL(request.path, 'http://x').searchParams.toString()
      : ''
  let body = request.body
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    body = Object.fromEntries(
      Object.entries(body).filter(([key]) => !['session_key', 'checksum', 'cli_version', 'nonPersonTags'].includes(key)),
    )
  }
  const text = JSON.stringify({ method: request.method, path, query, body })
    .replaceAll(server.ownerOrg, '<org>')
    .replaceAll(server.userId, '<user>')
  return JSON.parse(text)
}

const writesOf = (server: CapgoTestServer) => server.requests.filter(isWrite).map((request) => normalise(server, request))
const eventsOf = (server: CapgoTestServer) =>
  server.requests.filter((request) => request.path.endsWith('/private/events')).map((request) => normalise(server, request))

describe('interop: our writes are the official CLI 8.68.1 writes for the same remote state and flags', () => {
  it.each(cases)(
    '$name',
    async ({ setup, official, ours }) => {
      const { privatePem, publicPem } = keyPair()
      const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', appId: APP_ID })
      await installNativeFixtures(project)
      const packages = collectNativePackages({ packageJsons: [join(project, 'package.json')], nodeModules: [], start: project })

      const theirs = await CapgoTestServer.start({ appId: APP_ID })
      const mine = await CapgoTestServer.start({ appId: APP_ID })
      try {
        setup(theirs, packages)
        setup(mine, packages)
        await pointOfficialCliAt(theirs, project, privatePem)
        const result = await officialUpload(theirs, project, VERSION, official)
        expect(result.code, result.stdout + result.stderr).toBe(0)

        const key = parsePrivateKey(privatePem, recordingLogger())
        const bundle = await packBundle(
          { buildDir: join(project, 'www'), appId: APP_ID, version: VERSION, outputDir: join(project, 'out'), key, checksumFormat: 'v3' },
          recordingLogger(),
        )
        const { channels, minUpdateVersion, ...release } = ours
        const settings: CapgoSettings = {
          token: mine.token,
          apiUrl: mine.apiUrl,
          filesUrl: mine.filesUrl,
          channels: channels ?? ['production'],
          versionExists: 'fail',
          tus: 'auto',
          projectDir: project,
          minUpdateVersion,
          release: {
            compatibility: 'fail',
            autoMinUpdateVersion: false,
            selfAssign: false,
            deleteLinkedBundleOnUpload: false,
            unchanged: 'fail',
            ...release,
            nativePackages: release.compatibility === 'ignore' ? undefined : packages,
          },
        }
        const session = await openCapgo(settings, bundle, recordingLogger())
        await session.publishHosted({ dryRun: false })

        expect(writesOf(mine)).toEqual(writesOf(theirs))
        expect(eventsOf(mine)).toEqual(eventsOf(theirs))
        expect(writesOf(mine).length).toBeGreaterThan(3)
      } finally {
        await theirs.close()
        await mine.close()
      }
    },
    120_000,
  )

  it('an incompatible bundle: --fail-on-incompatible and our default both refuse before any write', async () => {
    const { privatePem, publicPem } = keyPair()
    const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', appId: APP_ID })
    await installNativeFixtures(project)
    const packages = collectNativePackages({ packageJsons: [join(project, 'package.json')], nodeModules: [], start: project })
    const theirs = await CapgoTestServer.start({ appId: APP_ID })
    const mine = await CapgoTestServer.start({ appId: APP_ID })
    try {
      withProduction()(theirs, [])
      withProduction()(mine, [])
      await pointOfficialCliAt(theirs, project, privatePem)
      const result = await officialUpload(theirs, project, VERSION, ['--channel', 'production', '--fail-on-incompatible'])
      expect(result.code).not.toBe(0)
      const key = parsePrivateKey(privatePem, recordingLogger())
      const bundle = await packBundle(
        { buildDir: join(project, 'www'), appId: APP_ID, version: VERSION, outputDir: join(project, 'out'), key, checksumFormat: 'v3' },
        recordingLogger(),
      )
      const settings: CapgoSettings = {
        token: mine.token,
        apiUrl: mine.apiUrl,
        filesUrl: mine.filesUrl,
        channels: ['production'],
        versionExists: 'fail',
        tus: 'auto',
        projectDir: project,
        release: {
          compatibility: 'fail',
          autoMinUpdateVersion: false,
          selfAssign: false,
          deleteLinkedBundleOnUpload: false,
          unchanged: 'fail',
          nativePackages: packages,
        },
      }
      const session = await openCapgo(settings, bundle, recordingLogger())
      await expect(session.publishHosted({ dryRun: false })).rejects.toThrow(/incompatible with channel production/)
      expect(writesOf(theirs)).toEqual([])
      expect(writesOf(mine)).toEqual([])
    } finally {
      await theirs.close()
      await mine.close()
    }
  }, 120_000)

  it('an existing version: --version-exists-ok and version-exists: skip both end without a write', async () => {
    const { privatePem, publicPem } = keyPair()
    const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0', appId: APP_ID })
    await installNativeFixtures(project)
    const theirs = await CapgoTestServer.start({ appId: APP_ID })
    const mine = await CapgoTestServer.start({ appId: APP_ID })
    try {
      for (const server of [theirs, mine]) {
        withProduction()(server, [])
        server.remote.addVersion(VERSION, { checksum: 'other content' })
      }
      await pointOfficialCliAt(theirs, project, privatePem)
      const result = await officialUpload(theirs, project, VERSION, ['--channel', 'production', '--version-exists-ok'])
      expect(result.code).toBe(0)
      const key = parsePrivateKey(privatePem, recordingLogger())
      const bundle = await packBundle(
        { buildDir: join(project, 'www'), appId: APP_ID, version: VERSION, outputDir: join(project, 'out'), key, checksumFormat: 'v3' },
        recordingLogger(),
      )
      const settings: CapgoSettings = {
        token: mine.token,
        apiUrl: mine.apiUrl,
        filesUrl: mine.filesUrl,
        channels: ['production'],
        versionExists: 'skip',
        tus: 'auto',
        projectDir: project,
        release: {
          compatibility: 'fail',
          autoMinUpdateVersion: false,
          selfAssign: false,
          deleteLinkedBundleOnUpload: false,
          unchanged: 'fail',
          nativePackages: [],
        },
      }
      const outcome = await (await openCapgo(settings, bundle, recordingLogger())).publishHosted({ dryRun: false })
      expect(outcome).toMatchObject({ published: false, skippedReason: 'version-exists' })
      expect(writesOf(theirs)).toEqual([])
      expect(writesOf(mine)).toEqual([])
    } finally {
      await theirs.close()
      await mine.close()
    }
  }, 120_000)
})
