import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectNativePackages, platformChecksum } from '../src/release/native-packages.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { bundleErrorOf, keyPair, makeProject, removeTempDirs } from './support/fixtures.js'
import { installNativeFixtures, writeTree } from './support/native-fixtures.js'
import { officialUpload, pointOfficialCliAt } from './support/official-upload.js'

afterAll(removeTempDirs)

const lookupFor = (project: string) => ({ packageJsons: [join(project, 'package.json')], nodeModules: [], start: project })

describe('native packages', () => {
  it('are byte-identical to what the official CLI writes into native_packages, checksums included', async () => {
    const { privatePem, publicPem } = keyPair()
    const server = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0' })
      await installNativeFixtures(project)
      await pointOfficialCliAt(server, project, privatePem)
      const result = await officialUpload(server, project, '1.0.0', ['--channel', 'production'])
      expect(result.code, result.stdout).toBe(0)
      const row = server.requests.find((request) => request.method === 'POST' && request.path.includes('/rest/v1/app_versions'))
      const theirs = (row?.body as { native_packages: unknown }).native_packages

      const ours = collectNativePackages(lookupFor(project))
      expect(ours).toEqual(theirs)
      expect(ours.map((entry) => entry.name)).toEqual(['camera', '@scope/ios-only', 'cordova-plugin-x', 'kts-plugin'])
      expect(ours[0]).toMatchObject({
        version: '5.0.1',
        requested_version: '^5.0.0',
        ios_checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        android_checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
      expect(ours[1]).not.toHaveProperty('android_checksum')
      expect(ours[2]).not.toHaveProperty('ios_checksum')
      expect(ours[2]).not.toHaveProperty('android_checksum')
      expect(ours[3]).not.toHaveProperty('ios_checksum')
    } finally {
      await server.close()
    }
  }, 90_000)

  it('checksum: path relative to the package, then bytes, in locale order; ios/Package.swift counts twice', async () => {
    const project = await makeProject()
    await installNativeFixtures(project)
    const dir = join(project, 'node_modules', '@scope', 'ios-only')
    const { createHash } = await import('node:crypto')
    const expected = createHash('sha256')
    for (const file of ['ios/Plugin/Plugin.swift', 'ios/Plugin/Zeta.swift']) {
      expected.update(file)
      expected.update(await import('node:fs/promises').then((fs) => fs.readFile(join(dir, file))))
    }
    expect(platformChecksum(dir, 'ios')).toBe(expected.digest('hex'))
    expect(platformChecksum(dir, 'android')).toBeUndefined()

    const before = platformChecksum(join(project, 'node_modules', 'camera'), 'ios')
    await writeFile(join(project, 'node_modules', 'camera', 'ios', 'Package.swift'), '// changed\n')
    expect(platformChecksum(join(project, 'node_modules', 'camera'), 'ios')).not.toBe(before)
  })

  it('a listed dependency that is not installed fails with one line naming it', async () => {
    const project = await makeProject()
    await installNativeFixtures(project)
    await rm(join(project, 'node_modules', 'kts-plugin'), { recursive: true })
    const error = await bundleErrorOf(Promise.resolve().then(() => collectNativePackages(lookupFor(project))))
    expect(error.input).toBe('node-modules')
    expect(error.message).toContain('kts-plugin')
    expect(error.message).toContain('run after npm ci, or compatibility: ignore')
    expect(error.message).not.toContain('\n')
  })

  it('no node_modules anywhere fails naming node-modules; an app without dependencies needs none', async () => {
    const project = await makeProject()
    expect(
      collectNativePackages({ packageJsons: [join(project, 'package.json')], nodeModules: [join(project, 'nope')], start: project }),
    ).toEqual([])
    await writeFile(join(project, 'package.json'), JSON.stringify({ dependencies: { camera: '^5.0.0' } }))
    const error = await bundleErrorOf(
      Promise.resolve().then(() =>
        collectNativePackages({ packageJsons: [join(project, 'package.json')], nodeModules: [join(project, 'nope')], start: project }),
      ),
    )
    expect(error.code).toBe('node_modules_missing')
  })

  it('monorepo: several package.json files and explicit node_modules folders; the first folder holding a native copy wins', async () => {
    const root = await makeProject()
    await writeTree(root, {
      'apps/mobile/package.json': JSON.stringify({ dependencies: { camera: '^5.0.0' } }),
      'packages/ui/package.json': JSON.stringify({ dependencies: { 'ui-plugin': '1.0.0' }, devDependencies: { camera: '^5.1.0' } }),
      'hoisted/camera/package.json': JSON.stringify({ version: '5.1.2', capacitor: { ios: {} } }),
      'hoisted/camera/ios/A.swift': 'a',
      'hoisted/ui-plugin/package.json': JSON.stringify({ version: '1.0.0', capacitor: { android: {} } }),
      'hoisted/ui-plugin/android/B.kt': 'b',
      'local/camera/package.json': JSON.stringify({ version: '5.0.0' }),
    })
    const packages = collectNativePackages({
      packageJsons: [join(root, 'apps/mobile/package.json'), join(root, 'packages/ui/package.json')],
      nodeModules: [join(root, 'local'), join(root, 'hoisted')],
      start: root,
    })
    expect(packages.map(({ name, version, requested_version }) => ({ name, version, requested_version }))).toEqual([
      { name: 'camera', version: '5.1.2', requested_version: '^5.1.0' },
      { name: 'ui-plugin', version: '1.0.0', requested_version: '1.0.0' },
    ])
  })

  it('links are not followed when looking for native sources', async () => {
    const project = await makeProject()
    await writeTree(project, {
      'elsewhere/Real.swift': 'x',
      'node_modules/linked/package.json': JSON.stringify({ version: '1.0.0', capacitor: { ios: {} } }),
    })
    await mkdir(join(project, 'node_modules', 'linked', 'ios'), { recursive: true })
    await symlink(join(project, 'elsewhere'), join(project, 'node_modules', 'linked', 'ios', 'src'))
    await writeFile(join(project, 'package.json'), JSON.stringify({ dependencies: { linked: '1.0.0' } }))
    expect(collectNativePackages(lookupFor(project))).toEqual([])
  })
})
