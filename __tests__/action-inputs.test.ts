import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePublicKey } from '../src/bundle/keys.js'
import { BundleError } from '../src/errors.js'
import { outputsOf, runFromInputs } from '../src/pipeline.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir, type ProjectOptions } from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
const env = (workspace: string): NodeJS.ProcessEnv => ({ GITHUB_WORKSPACE: workspace })

async function project(options: ProjectOptions = {}): Promise<{ workspace: string; outputDir: string }> {
  const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0', ...options })
  return { workspace, outputDir: join(workspace, 'bundle-out') }
}

async function runWith(values: Record<string, string>, workspace: string, logger = recordingLogger()) {
  return runFromInputs(inputsFrom({ storage: 'local', 'private-key': privatePem, ...values }), logger, env(workspace), workspace)
}

/** Runs, expects a BundleError naming `input`, and checks nothing was left in output-dir. */
async function refused(values: Record<string, string>, workspace: string, outputDir: string, input: string): Promise<BundleError> {
  const error = await runWith({ 'output-dir': outputDir, ...values }, workspace).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BundleError)
  const bundleError = error as BundleError
  expect(bundleError.input).toBe(input)
  expect(bundleError.message.split('\n')).toHaveLength(1)
  expect(bundleError.message).toContain(input.split(' ')[0])
  expect(await readdir(outputDir).catch(() => [])).toEqual([])
  return bundleError
}

describe('defaults come from the project', () => {
  it('appId, webDir and version from capacitor config and package.json; outputs as documented', async () => {
    const { workspace, outputDir } = await project({ version: '2.3.4', appId: 'com.example.defaults' })
    const { result } = await runWith({ 'output-dir': outputDir }, workspace)
    const outputs = outputsOf(result)
    expect(outputs['app-id']).toBe('com.example.defaults')
    expect(outputs.version).toBe('2.3.4')
    expect(outputs['bundle-path']).toBe(join(outputDir, 'com.example.defaults_2.3.4.zip'))
    expect(outputs['key-id']).toBe(parsePublicKey(publicPem, 'test').keyId)
    expect(outputs['bundle-url']).toBe('')
    expect(Number(outputs['bundle-size'])).toBe(16 * (Math.floor(Number(outputs['zip-size']) / 16) + 1))
    expect(await readdir(outputDir)).toEqual(['com.example.defaults_2.3.4.zip'])
  })

  it('strips the v of a tag name', async () => {
    const { workspace, outputDir } = await project()
    const { result } = await runWith({ 'output-dir': outputDir, version: 'v3.0.0-beta.1' }, workspace)
    expect(result.bundle.version).toBe('3.0.0-beta.1')
  })

  it('two runs give the same checksum-sha256 and different session keys', async () => {
    const { workspace, outputDir } = await project()
    const a = await runWith({ 'output-dir': join(outputDir, 'a') }, workspace)
    const b = await runWith({ 'output-dir': join(outputDir, 'b') }, workspace)
    expect(b.result.bundle.sha256).toBe(a.result.bundle.sha256)
    expect(b.result.bundle.ivSessionKey).not.toBe(a.result.bundle.ivSessionKey)
  })
})

describe('checksum-format', () => {
  const cases: [string, ProjectOptions, string, 'v2' | 'v3', RegExp | undefined][] = [
    ['installed 8.x', { updaterVersion: '8.0.1' }, 'auto', 'v3', undefined],
    ['installed 7.30.0', { updaterVersion: '7.30.0' }, 'auto', 'v3', undefined],
    ['installed 7.29.9', { updaterVersion: '7.29.9' }, 'auto', 'v2', undefined],
    ['installed 6.29.0', { updaterVersion: '6.29.0' }, 'auto', 'v2', undefined],
    ['installed 5.30.1', { updaterVersion: '5.30.1' }, 'auto', 'v3', undefined],
    ['range only, lowest allowed ^7.10.0', { updaterVersion: '', updaterRange: '^7.10.0' }, 'auto', 'v2', undefined],
    ['range only ^8.0.0', { updaterVersion: '', updaterRange: '^8.0.0' }, 'auto', 'v3', undefined],
    ['no plugin: V3 with a warning', { updaterVersion: '' }, 'auto', 'v3', /no @capgo\/capacitor-updater found/],
    ['explicit v2 against an 8.x plugin: obeyed, warned', { updaterVersion: '8.0.0' }, 'v2', 'v2', /contradicts/],
    ['explicit v3 with an old plugin: obeyed, warned', { updaterVersion: '6.1.0' }, 'v3', 'v3', /contradicts/],
  ]
  for (const [name, options, requested, expected, warning] of cases) {
    it(name, async () => {
      const { workspace, outputDir } = await project(options)
      const logger = recordingLogger()
      const { result, plan } = await runWith({ 'output-dir': outputDir, 'checksum-format': requested }, workspace, logger)
      expect(result.bundle.checksumFormat).toBe(expected)
      expect(plan.checksum.reason).not.toBe('')
      const warnings = logger.lines
        .filter((l) => l.level === 'warning')
        .map((l) => l.message)
        .join('\n')
      if (warning) expect(warnings).toMatch(warning)
      else expect(warnings).not.toMatch(/checksum-format/)
    })
  }
})

describe('bad input: one line naming the input, nothing left in output-dir', () => {
  it('no private key', async () => {
    const { workspace, outputDir } = await project()
    await refused({ 'private-key': '' }, workspace, outputDir, 'private-key')
  })
  it('a public key as private key', async () => {
    const { workspace, outputDir } = await project()
    expect((await refused({ 'private-key': publicPem }, workspace, outputDir, 'private-key')).code).toBe('key_is_public')
  })
  it('both key inputs', async () => {
    const { workspace, outputDir } = await project()
    await refused({ 'private-key-path': 'key.pem' }, workspace, outputDir, 'private-key')
  })
  it('a missing key file', async () => {
    const { workspace, outputDir } = await project()
    await refused({ 'private-key': '', 'private-key-path': 'nope.pem' }, workspace, outputDir, 'private-key-path')
  })
  it('a key that does not match the config public key', async () => {
    const { workspace, outputDir } = await project({ publicKey: keyPair(1).publicPem })
    expect((await refused({}, workspace, outputDir, 'private-key')).message).toMatch(/could not decrypt this bundle/)
  })
  it('an SPKI public key in the config, even when it matches', async () => {
    const spki = parsePublicKey(publicPem, 'test').key.export({ type: 'spki', format: 'pem' }) as string
    const { workspace, outputDir } = await project({ publicKey: spki })
    expect((await refused({}, workspace, outputDir, 'capacitor-config')).code).toBe('config_key_format')
  })
  it('a version that is not semver', async () => {
    const { workspace, outputDir } = await project()
    await refused({ version: 'release-7' }, workspace, outputDir, 'version')
  })
  it('a missing build directory', async () => {
    const { workspace, outputDir } = await project()
    await refused({ path: 'build' }, workspace, outputDir, 'path')
  })
  it('a build without notifyAppReady', async () => {
    const { workspace, outputDir } = await project()
    await writeFile(join(workspace, 'www', 'assets', 'app.js'), 'console.log("no ready call")')
    await writeFile(join(workspace, 'www', 'assets', 'updater.js'), '')
    await refused({}, workspace, outputDir, 'require-notify-app-ready')
    const { result } = await runWith({ 'output-dir': outputDir, 'require-notify-app-ready': 'false' }, workspace)
    expect(result.bundle.fileCount).toBe(5)
  })
  it('a boolean that is not true or false', async () => {
    const { workspace, outputDir } = await project()
    await refused({ verify: 'yes' }, workspace, outputDir, 'verify')
  })
  it('an unknown storage', async () => {
    const { workspace, outputDir } = await project()
    await refused({ storage: 'ftp' }, workspace, outputDir, 'storage')
  })
  it('an unknown checksum format', async () => {
    const { workspace, outputDir } = await project()
    await refused({ 'checksum-format': 'v4' }, workspace, outputDir, 'checksum-format')
  })
  it('storage capgo without a token', async () => {
    const { workspace, outputDir } = await project()
    await refused({ storage: 'capgo' }, workspace, outputDir, 'capgo-token')
  })
  it('an http public-url', async () => {
    const { workspace, outputDir } = await project()
    await refused(
      { storage: 'url', 'upload-url': 'https://up.example/x?sig=1', 'public-url': 'http://cdn.example/x.zip' },
      workspace,
      outputDir,
      'public-url',
    )
  })
  it('an app id that is not reverse-domain', async () => {
    const { workspace, outputDir } = await project()
    await refused({ 'app-id': '../evil' }, workspace, outputDir, 'app-id')
  })
  it('keeps an output-dir that existed, with its other files', async () => {
    const { workspace, outputDir } = await project()
    await mkdir(outputDir)
    await writeFile(join(outputDir, 'keep.txt'), 'x')
    await runWith({ 'output-dir': outputDir, version: 'nope' }, workspace).catch(() => undefined)
    expect(await readdir(outputDir)).toEqual(['keep.txt'])
  })
})

describe('temporary files', () => {
  it('a failed run leaves nothing in the temp directory', async () => {
    const { workspace, outputDir } = await project()
    const tmp = await tempDir('capgo-tmp-')
    const before = await readdir(tmp)
    await runWith({ 'output-dir': outputDir, path: 'missing' }, workspace).catch(() => undefined)
    expect(await readdir(tmp)).toEqual(before)
  })
})

describe('more input rules', () => {
  it('refuses an output-dir inside the build directory', async () => {
    const { workspace } = await project()
    await refused({}, workspace, join(workspace, 'www', 'out'), 'output-dir')
  })

  it('masks credential-looking upload-headers values, and only those', async () => {
    const logger = recordingLogger()
    const { getInputs } = await import('../src/inputs.js')
    const inputs = getInputs(
      inputsFrom({ 'upload-headers': 'Authorization: Bearer abc.def.ghi\nx-amz-meta-team: mobile\nX-Api-Key: k-123456789' }),
      logger,
      {},
    )
    expect(inputs.uploadHeaders).toEqual({ authorization: 'Bearer abc.def.ghi', 'x-amz-meta-team': 'mobile', 'x-api-key': 'k-123456789' })
    expect(logger.secrets).toContain('Bearer abc.def.ghi')
    expect(logger.secrets).toContain('k-123456789')
    expect(logger.secrets).not.toContain('mobile')
  })
})
