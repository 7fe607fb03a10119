import { describe, expect, it } from 'vitest'
import { getInputs } from '../src/inputs.js'
import { readReleaseInputs } from '../src/release/inputs.js'
import { bundleErrorOf, inputsFrom, recordingLogger } from './support/fixtures.js'

const read = (values: Record<string, string>, channels = ['production'], min?: string) =>
  Promise.resolve().then(() => readReleaseInputs(inputsFrom(values), channels, min))

describe('release-control inputs', () => {
  it('defaults: compatibility fail, unchanged fail, no rollout, nothing else on', async () => {
    expect(getInputs(inputsFrom({}), recordingLogger(), {}).release).toEqual({
      compatibility: 'fail',
      packageJson: [],
      nodeModules: [],
      autoMinUpdateVersion: false,
      rollout: undefined,
      selfAssign: false,
      deleteLinkedBundleOnUpload: false,
      unchanged: 'fail',
    })
  })

  it('reads lists, booleans, the rollout as basis points and the TTL', async () => {
    expect(
      await read({
        compatibility: 'WARN',
        'package-json': 'apps/mobile/package.json\npackages/ui/package.json',
        'node-modules': 'node_modules, ../../node_modules',
        rollout: '12.5',
        'rollout-cache-ttl-seconds': '300',
        'self-assign': 'true',
        unchanged: 'skip',
      }),
    ).toEqual({
      compatibility: 'warn',
      packageJson: ['apps/mobile/package.json', 'packages/ui/package.json'],
      nodeModules: ['node_modules', '../../node_modules'],
      autoMinUpdateVersion: false,
      rollout: { bps: 1250, advance: false, cacheTtlSeconds: 300 },
      selfAssign: true,
      deleteLinkedBundleOnUpload: false,
      unchanged: 'skip',
    })
    expect((await read({ 'rollout-advance': 'true' })).rollout).toEqual({ bps: undefined, advance: true, cacheTtlSeconds: undefined })
  })

  it.each([
    [{ compatibility: 'strict' }, [], undefined, 'compatibility'],
    [{ rollout: '101' }, undefined, undefined, 'rollout'],
    [{ rollout: '-1' }, undefined, undefined, 'rollout'],
    [{ rollout: '12,5' }, undefined, undefined, 'rollout'],
    [{ rollout: '10', 'rollout-cache-ttl-seconds': '59' }, undefined, undefined, 'rollout-cache-ttl-seconds'],
    [{ 'rollout-cache-ttl-seconds': '300' }, undefined, undefined, 'rollout-cache-ttl-seconds'],
    [{ 'auto-min-update-version': 'true' }, undefined, '1.0.0', 'auto-min-update-version'],
    [{ rollout: '10', 'delete-linked-bundle-on-upload': 'true' }, undefined, undefined, 'delete-linked-bundle-on-upload'],
    [{ rollout: '10' }, [], undefined, 'channel'],
    [{ 'auto-min-update-version': 'true' }, [], undefined, 'channel'],
    [{ 'self-assign': 'yes' }, undefined, undefined, 'self-assign'],
    [{ unchanged: 'ignore' }, undefined, undefined, 'unchanged'],
  ] as Array<[Record<string, string>, string[] | undefined, string | undefined, string]>)(
    'refuses %j naming %s',
    async (values, channels, min, input) => {
      const error = await bundleErrorOf(read(values, channels ?? ['production'], min))
      expect(error.input === input || error.message.startsWith(input)).toBe(true)
    },
  )
})
