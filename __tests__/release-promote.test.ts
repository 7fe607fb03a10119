import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { isWrite } from './support/capgo-remote.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { makeProject, removeTempDirs } from './support/fixtures.js'
import { cli, expectCode, jsonOf } from './support/run-cli.js'

afterAll(removeTempDirs)
let server: CapgoTestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const camera = { name: 'camera', version: '5.0.1', requested_version: '^5.0.0', ios_checksum: 'a'.repeat(64) }

async function setup(target: unknown[]): Promise<{ capgo: CapgoTestServer; cwd: string }> {
  const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
  server = capgo
  capgo.remote.addVersion('1.0.0', { native_packages: [camera] })
  capgo.remote.addVersion('1.1.0', { native_packages: target })
  capgo.remote.addChannel('production', { version: '1.0.0', rolloutVersion: '1.1.0', rollout_enabled: true, rollout_percentage_bps: 2500 })
  return { capgo, cwd: await makeProject() }
}

const promote = (capgo: CapgoTestServer, cwd: string, extra: string[] = []) =>
  cli(['channel', 'promote', 'production', '--capgo-api-url', capgo.apiUrl, '--json', ...extra], { cwd, env: { CAPGO_TOKEN: capgo.token } })

describe('capgo-bundle channel promote', () => {
  it('makes the rollout target stable with the official channel set --rollout-promote body', async () => {
    const { capgo, cwd } = await setup([camera])
    const run = await promote(capgo, cwd)
    expectCode(run, 0)
    expect(jsonOf(run)).toMatchObject({
      appId: 'com.example.test',
      channel: 'production',
      promoted: '1.1.0',
      previous: '1.0.0',
      compatibility: 'compatible',
    })
    const writes = capgo.requests.filter(isWrite)
    expect(writes.map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/api/channel',
        {
          app_id: 'com.example.test',
          channel: 'production',
          version: '1.1.0',
          rolloutVersion: null,
          rolloutPercentageBps: 0,
          rolloutEnabled: false,
          rolloutPausedAt: null,
          rolloutPauseReason: null,
        },
      ],
    ])
    expect(capgo.remote.channels.get('production')).toMatchObject({
      rollout_version: null,
      rollout_enabled: false,
      rollout_percentage_bps: 0,
    })
    expect(capgo.remote.channelVersionName('production')).toBe('1.1.0')
    expect(run.stderr + run.stdout).not.toContain(capgo.token)
  })

  it('refuses an incompatible target before any write, unless --compatibility warn', async () => {
    const { capgo, cwd } = await setup([{ ...camera, ios_checksum: 'b'.repeat(64) }])
    const refused = await promote(capgo, cwd)
    expectCode(refused, 1)
    expect(refused.stderr).toContain('incompatible with the native packages channel production serves now')
    expect(capgo.requests.filter(isWrite)).toEqual([])
    const warned = await promote(capgo, cwd, ['--compatibility', 'warn'])
    expectCode(warned, 0)
    expect(jsonOf(warned)).toMatchObject({ promoted: '1.1.0', compatibility: 'incompatible' })
  })

  it('refuses a channel without rollout target, and a key without channel.promote_bundle, before any write', async () => {
    const { capgo, cwd } = await setup([camera])
    capgo.remote.denied.add('channel.promote_bundle')
    expectCode(await promote(capgo, cwd), 1)
    capgo.remote.denied.clear()
    capgo.remote.channels.get('production')!.rollout_version = null
    const none = await promote(capgo, cwd)
    expectCode(none, 1)
    expect(none.stderr).toContain('has no rollout target')
    expect(capgo.requests.filter(isWrite)).toEqual([])
  })
})

describe('interop: channel promote writes what channel set --rollout-promote writes', () => {
  it('the same POST /channel for the same remote state', async () => {
    const { keyPair } = await import('./support/fixtures.js')
    const { pointOfficialCliAt } = await import('./support/official-upload.js')
    const { officialCli } = await import('./support/official-cli.js')
    const theirs = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      theirs.remote.addVersion('1.0.0', { native_packages: [camera] })
      theirs.remote.addVersion('1.1.0', { native_packages: [camera] })
      theirs.remote.addChannel('production', {
        version: '1.0.0',
        rolloutVersion: '1.1.0',
        rollout_enabled: true,
        rollout_percentage_bps: 2500,
      })
      const { privatePem, publicPem } = keyPair()
      const cwd = await makeProject({ publicKey: publicPem })
      await pointOfficialCliAt(theirs, cwd, privatePem)
      const official = await officialCli(
        ['channel', 'set', 'production', 'com.example.test', '--rollout-promote', '--apikey', theirs.token],
        cwd,
      )
      expect(official.code, official.stdout + official.stderr).toBe(0)

      const { capgo: mine } = await setup([camera])
      const ours = await promote(mine, cwd)
      expectCode(ours, 0)
      const writes = (capgo: CapgoTestServer) =>
        capgo.requests.filter(isWrite).map((request) => [request.method, request.path, request.body])
      expect(writes(theirs)).toHaveLength(1)
      expect(writes(mine)).toEqual(writes(theirs))
    } finally {
      await theirs.close()
    }
  }, 60_000)
})
