import { describe, expect, it } from 'vitest'
import { compareNativePackages, comparePackage, compatibilityTable, parseRemotePackages } from '../src/release/compatibility.js'
import {
  decideExisting,
  decideRelease,
  highest,
  ReleaseRefusal,
  rolloutBps,
  type ChannelState,
  type ReleaseOptions,
  type StoredVersion,
} from '../src/release/decide.js'
import type { NativePackage } from '../src/release/native-packages.js'
import { bundleErrorOf } from './support/fixtures.js'

const camera: NativePackage = { name: 'camera', version: '5.0.1', requested_version: '^5.0.0', ios_checksum: 'aa', android_checksum: 'bb' }
const stored = (fields: Partial<StoredVersion> = {}): StoredVersion => ({
  id: 7,
  name: '1.0.0',
  checksum: 'old',
  session_key: 'iv:key',
  min_update_version: '1.0.0',
  native_packages: [camera],
  storage_provider: 'r2',
  ...fields,
})
const channel = (
  name: string,
  fields: Partial<NonNullable<ChannelState['row']>> = {},
  version: StoredVersion | null = stored(),
): ChannelState => ({
  name,
  row: {
    id: 100,
    public: false,
    disable_auto_update: 'major',
    rollout_version: null,
    rollout_enabled: false,
    rollout_percentage_bps: 0,
    version,
    ...fields,
  },
})
const options = (fields: Partial<ReleaseOptions> = {}): ReleaseOptions => ({
  version: '1.1.0',
  checksum: 'new',
  compatibility: 'fail',
  autoMinUpdateVersion: false,
  unchanged: 'fail',
  nativePackages: [camera],
  ...fields,
})
const sync = <T>(work: () => T) => Promise.resolve().then(work)

describe('the per-package rule (official CLI 8.68.1)', () => {
  it.each([
    ['same everything', camera, camera, true, []],
    ['new plugin', camera, undefined, false, ['new_plugin']],
    ['only remote', undefined, camera, true, []],
    ['version changed', { ...camera, version: '5.0.2' }, camera, false, ['version_mismatch']],
    ['range on one side intersects', { ...camera, version: '^5.0.0' }, camera, true, []],
    ['requested range changed only', { ...camera, requested_version: '^5.0.1' }, camera, true, ['requested_version_changed']],
    ['iOS code changed', { ...camera, ios_checksum: 'cc' }, camera, false, ['ios_code_changed']],
    ['Android code changed', { ...camera, android_checksum: 'cc' }, camera, false, ['android_code_changed']],
    ['both changed', { ...camera, ios_checksum: 'cc', android_checksum: 'dd' }, camera, false, ['both_platforms_changed']],
    [
      'checksum recorded on one side only',
      camera,
      { name: 'camera', version: '5.0.1', requested_version: '^5.0.0' },
      false,
      ['platform_checksum_metadata_changed'],
    ],
    ['blank checksum counts as absent', { ...camera, ios_checksum: ' ' }, { ...camera, ios_checksum: undefined }, true, []],
  ] as const)('%s', (_, local, remote, compatible, reasons) => {
    const result = comparePackage(local as NativePackage | undefined, remote)
    expect(result.compatible).toBe(compatible)
    expect(result.reasons).toEqual(reasons)
  })

  it('lists local packages first, then those only the channel has; the table has package | local | remote | status', () => {
    const rows = compareNativePackages([{ ...camera, version: '6.0.0' }], [camera, { name: 'old-plugin', version: '1.0.0' }])
    expect(rows.map((row) => row.name)).toEqual(['camera', 'old-plugin'])
    expect(compatibilityTable(rows)).toBe(
      [
        '| package | local | remote | status |',
        '|---|---|---|---|',
        '| camera | 6.0.0 | 5.0.1 | incompatible: version changed: 5.0.1 → 6.0.0 |',
        '| old-plugin | - | 1.0.0 | removed (compatible) |',
      ].join('\n'),
    )
  })

  it('refuses stored metadata of the wrong shape, naming compatibility', async () => {
    for (const bad of [{}, [{ name: 'x' }], [{ name: 'x', version: '1', ios_checksum: 3 }], ['x']]) {
      const error = await bundleErrorOf(sync(() => parseRemotePackages(bad, 'channel production')))
      expect(error.input).toBe('compatibility')
    }
  })
})

describe('decideRelease', () => {
  it('compatible channel: publish, compatibility compatible, no min_update_version unless given', () => {
    const decision = decideRelease(options(), [channel('production', {}, stored({ native_packages: [camera] }))])
    expect(decision).toMatchObject({ kind: 'publish', targets: ['production'], compatibility: 'compatible', minUpdateVersion: undefined })
    expect(decideRelease(options({ minUpdateVersion: '1.0.0' }), [channel('production')]).minUpdateVersion).toBe('1.0.0')
  })

  it('fail (default): an incompatible bundle is refused with the table and the one line naming the ways out', async () => {
    const error = await bundleErrorOf(
      sync(() => decideRelease(options({ nativePackages: [{ ...camera, version: '6.0.0' }] }), [channel('production')])),
    )
    expect(error).toBeInstanceOf(ReleaseRefusal)
    expect(error.input).toBe('compatibility')
    expect(error.message).not.toContain('\n')
    expect(error.message).toMatch(/ship a native build.*auto-min-update-version: true.*version_number.*compatibility: warn/)
    expect((error as ReleaseRefusal).table).toContain('| camera | 6.0.0 | 5.0.1 | incompatible')
  })

  it('fail passes an incompatible bundle when auto-min-update-version guards a version_number channel, with the new version as minimum', () => {
    const decision = decideRelease(options({ autoMinUpdateVersion: true, nativePackages: [{ ...camera, android_checksum: 'zz' }] }), [
      channel('production', { disable_auto_update: 'version_number' }),
    ])
    expect(decision).toMatchObject({ kind: 'publish', compatibility: 'incompatible', minUpdateVersion: '1.1.0' })
    expect(decision.notices.join('\n')).toContain('min_update_version 1.1.0')
  })

  it('auto-min-update-version on a channel with another strategy does not lift the gate', async () => {
    const error = await bundleErrorOf(
      sync(() =>
        decideRelease(options({ autoMinUpdateVersion: true, nativePackages: [{ ...camera, android_checksum: 'zz' }] }), [
          channel('production'),
        ]),
      ),
    )
    expect(error.code).toBe('incompatible')
  })

  it('warn reports and continues; ignore checks nothing and reports unchecked', () => {
    const local = [{ ...camera, version: '6.0.0' }]
    const warned = decideRelease(options({ compatibility: 'warn', nativePackages: local }), [channel('production')])
    expect(warned).toMatchObject({ kind: 'publish', compatibility: 'incompatible' })
    expect(warned.warnings.join('\n')).toContain('| camera | 6.0.0 | 5.0.1 |')
    expect(decideRelease(options({ compatibility: 'ignore', nativePackages: undefined }), [channel('production')]).compatibility).toBe(
      'unchecked',
    )
  })

  it('a new channel, or one without metadata, passes with a notice and reports unchecked; [] is metadata', () => {
    const fresh = decideRelease(options(), [{ name: 'beta' }])
    expect(fresh.compatibility).toBe('unchecked')
    expect(fresh.notices.join('\n')).toContain('Channel beta is new or has no native-package metadata')
    expect(decideRelease(options(), [channel('p', {}, stored({ native_packages: null }))]).compatibility).toBe('unchecked')
    expect(() => decideRelease(options(), [channel('p', {}, stored({ native_packages: [] }))])).toThrow(/incompatible with channel p/)
  })

  it('overall: incompatible beats unchecked beats compatible; no channel is unchecked', () => {
    expect(decideRelease(options({ compatibility: 'warn' }), [channel('a'), { name: 'b' }]).compatibility).toBe('unchecked')
    expect(decideRelease(options(), []).compatibility).toBe('unchecked')
  })

  describe('min_update_version', () => {
    it('auto: compatible carries the channel value over, incompatible or new uses the new version, the highest wins', () => {
      const decision = decideRelease(options({ autoMinUpdateVersion: true, compatibility: 'warn' }), [
        channel('a', {}, stored({ min_update_version: '1.0.5' })),
        channel('b', {}, stored({ min_update_version: '1.0.7' })),
      ])
      expect(decision.reports.map((report) => report.minUpdateVersion)).toEqual(['1.0.5', '1.0.7'])
      expect(decision.minUpdateVersion).toBe('1.0.7')
      expect(decideRelease(options({ autoMinUpdateVersion: true }), [channel('a'), { name: 'new' }]).minUpdateVersion).toBe('1.1.0')
    })

    it('auto on a compatible channel without a valid value is refused before any write', async () => {
      const error = await bundleErrorOf(
        sync(() => decideRelease(options({ autoMinUpdateVersion: true }), [channel('a', {}, stored({ min_update_version: null }))])),
      )
      expect(error.input).toBe('auto-min-update-version')
    })

    it('a version_number channel needs a value, unless the check is ignored', async () => {
      const error = await bundleErrorOf(sync(() => decideRelease(options(), [channel('a', { disable_auto_update: 'version_number' })])))
      expect(error.input).toBe('min-update-version')
      expect(
        decideRelease(options({ minUpdateVersion: '1.0.0' }), [channel('a', { disable_auto_update: 'version_number' })]).minUpdateVersion,
      ).toBe('1.0.0')
      expect(
        decideRelease(options({ compatibility: 'ignore' }), [channel('a', { disable_auto_update: 'version_number' })]).minUpdateVersion,
      ).toBeUndefined()
    })

    it('must be strict semver', async () => {
      expect((await bundleErrorOf(sync(() => decideRelease(options({ minUpdateVersion: 'v1.0' }), [channel('a')])))).code).toBe(
        'min_update_version_invalid',
      )
    })

    it('highest() compares as semver', () => {
      expect(highest(['1.2.0', undefined, '1.10.0', '1.9.9'])).toBe('1.10.0')
    })
  })

  describe('unchanged', () => {
    it('fail: refused when every channel already serves the content; others are dropped with a warning', async () => {
      const same = stored({ checksum: 'new' })
      const error = await bundleErrorOf(sync(() => decideRelease(options(), [channel('a', {}, same)])))
      expect(error).toMatchObject({ code: 'unchanged', input: 'unchanged' })
      const partial = decideRelease(options(), [channel('a', {}, same), channel('b')])
      expect(partial).toMatchObject({ targets: ['b'], alreadyCurrent: ['a'] })
      expect(partial.warnings.join()).toContain('Skipping channel a')
    })

    it('skip: succeeds with the current bundle of the first channel', () => {
      const same = stored({ checksum: 'new', id: 42 })
      expect(decideRelease(options({ unchanged: 'skip' }), [channel('a', {}, same)])).toMatchObject({
        kind: 'unchanged',
        current: { id: 42 },
      })
    })

    it('is not checked with a rollout (the target may equal the stable bundle)', () => {
      const same = stored({ checksum: 'new' })
      expect(decideRelease(options({ rollout: { bps: 1000, advance: false } }), [channel('a', {}, same)]).targets).toEqual(['a'])
    })
  })

  describe('rollout preconditions', () => {
    const rollout = { bps: 1250, advance: false }
    it.each([
      ['a missing channel', { name: 'p' } as ChannelState, 'rollout_channel_missing'],
      ['a channel without a stable bundle', channel('p', {}, null), 'rollout_no_stable'],
    ])('refuses %s', async (_, state, code) => {
      expect((await bundleErrorOf(sync(() => decideRelease(options({ rollout }), [state])))).code).toBe(code)
    })

    it('advance needs a rollout target, and a percentage to reuse when none is given', async () => {
      expect(
        (await bundleErrorOf(sync(() => decideRelease(options({ rollout: { advance: true } }), [channel('p', { rollout_version: null })]))))
          .code,
      ).toBe('rollout_no_target')
      expect(
        (
          await bundleErrorOf(
            sync(() =>
              decideRelease(options({ rollout: { advance: true } }), [channel('p', { rollout_version: 8, rollout_percentage_bps: 0 })]),
            ),
          )
        ).code,
      ).toBe('rollout_no_percentage')
      expect(
        decideRelease(options({ rollout: { advance: true } }), [channel('p', { rollout_version: 8, rollout_percentage_bps: 500 })]).kind,
      ).toBe('publish')
    })

    it('percentages become basis points as the official CLI rounds them', () => {
      expect([rolloutBps(12.5), rolloutBps(0.015), rolloutBps(100), rolloutBps(33.333)]).toEqual([1250, 2, 10000, 3333])
    })
  })
})

describe('decideExisting (converging re-runs)', () => {
  it('same checksum and finalized: complete; unfinalized: finish or restart', () => {
    expect(decideExisting(stored({ checksum: 'new' }), 'new', 'fail', 'a', '1.0.0').kind).toBe('complete')
    expect(decideExisting(stored({ checksum: 'new', storage_provider: 'external' }), 'new', 'fail', 'a', '1.0.0').kind).toBe('complete')
    expect(decideExisting(stored({ checksum: 'new', storage_provider: 'r2-direct' }), 'new', 'fail', 'a', '1.0.0').kind).toBe('unfinalized')
  })

  it('different content keeps the version-exists rule', async () => {
    expect(decideExisting(stored(), 'new', 'skip', 'a', '1.0.0').kind).toBe('skip')
    const error = await bundleErrorOf(sync(() => decideExisting(stored(), 'new', 'fail', 'a', '1.0.0')))
    expect(error).toMatchObject({ code: 'version_exists', input: 'version-exists' })
    expect(error.message).toContain('with different content')
  })

  it('a deleted version can neither be completed nor skipped to', async () => {
    const error = await bundleErrorOf(sync(() => decideExisting(stored({ checksum: 'new', deleted: true }), 'new', 'skip', 'a', '1.0.0')))
    expect(error.message).toContain('deleted versions cannot be reused')
  })
})
