import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configWantsDelta, readCapacitorConfig } from '../src/bundle/capacitor-config.js'
import { getInputs } from '../src/inputs.js'
import { makePlan, updaterDeltaProblem } from '../src/plan.js'
import type { Plan } from '../src/types.js'
import {
  bundleErrorOf,
  inputsFrom,
  keyPair,
  makeProject,
  recordingLogger,
  removeTempDirs,
  tempDir,
  type RecordingLogger,
} from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
const NOWHERE = 'http://127.0.0.1:9'
const CAPGO = { storage: 'capgo', 'capgo-token': 'token-for-plan-tests', 'capgo-api-url': NOWHERE, 'capgo-files-url': NOWHERE }

interface Setup {
  updaterVersion?: string
  updater?: Record<string, unknown>
  files?: Record<string, string>
}

async function project(setup: Setup = {}): Promise<string> {
  const dir = await makeProject({ publicKey: publicPem, updaterVersion: setup.updaterVersion ?? '8.1.0' })
  const configPath = join(dir, 'capacitor.config.json')
  const config = JSON.parse(await readFile(configPath, 'utf8'))
  config.plugins.CapacitorUpdater = { ...config.plugins.CapacitorUpdater, ...setup.updater }
  await writeFile(configPath, JSON.stringify(config))
  for (const [name, text] of Object.entries(setup.files ?? {})) {
    await mkdir(dirname(join(dir, 'www', name)), { recursive: true })
    await writeFile(join(dir, 'www', name), text)
  }
  return dir
}

async function plan(dir: string, values: Record<string, string>, logger: RecordingLogger = recordingLogger()): Promise<Plan> {
  const inputs = getInputs(inputsFrom({ 'private-key': privatePem, storage: 'local', 'output-dir': join(dir, 'out'), ...values }), logger, {
    GITHUB_REPOSITORY: 'octo/app',
  })
  return makePlan(inputs, { workspace: dir }, logger)
}

describe('delta: auto follows the official CLI rules', () => {
  it('reads autoUpdate and directUpdate as the official CLI does', () => {
    expect(configWantsDelta({ autoUpdate: 'always' })).toBe(true)
    expect(configWantsDelta({ directUpdate: true })).toBe(true)
    expect(configWantsDelta({ directUpdate: 'always' })).toBe(true)
    expect(configWantsDelta({ autoUpdate: true, directUpdate: 'always' })).toBe(true)
    expect(configWantsDelta({ autoUpdate: false, directUpdate: true })).toBe(false)
    expect(configWantsDelta({ autoUpdate: 'atInstall', directUpdate: true })).toBe(false)
    expect(configWantsDelta({ directUpdate: 'atInstall' })).toBe(false)
    expect(configWantsDelta({ directUpdate: false })).toBe(false)
    expect(configWantsDelta(undefined)).toBe(false)
  })

  it('reads the flags from a capacitor.config.ts without running it', async () => {
    const dir = await tempDir()
    const path = join(dir, 'capacitor.config.ts')
    await writeFile(
      path,
      `const config = { appId: 'a.b', webDir: 'www', plugins: { CapacitorUpdater: { autoUpdate: true, directUpdate: 'always' } } }\nexport default config\n`,
    )
    const config = await readCapacitorConfig(path)
    expect(config.autoUpdate).toBe(true)
    expect(config.directUpdate).toBe('always')
    expect(configWantsDelta(config)).toBe(true)
  })

  it('auto is on from the config, encrypted for updater 8.x; off without it for local storage', async () => {
    const on = await plan(await project({ updater: { directUpdate: true } }), {})
    expect(on.delta).toMatchObject({ mode: 'auto', autoFromConfig: true, encrypted: true, brotli: true, brotliExclude: [] })
    const off = await plan(await project(), {})
    expect(off.delta.mode).toBe('false')
    expect((await plan(await project({ updater: { directUpdate: true } }), { delta: 'false' })).delta.mode).toBe('false')
  })

  it('the plan hands on the manifest candidates it checked (skip rules applied, walk order); none when delta is off', async () => {
    const dir = await project({ files: { 'empty.js': '', '.gitkeep': 'x' } })
    const on = await plan(dir, { delta: 'true' })
    const names = on.delta.candidates.map((file) => file.name)
    expect(names).toEqual(on.build.files.map((file) => file.name).filter((name) => name !== 'empty.js' && name !== '.gitkeep'))
    expect(names.length).toBeGreaterThan(0)
    expect(on.build.files.map((file) => file.name)).toEqual(expect.arrayContaining(['empty.js', '.gitkeep']))
    expect((await plan(dir, { delta: 'false' })).delta.candidates).toEqual([])
  })

  it('auto stays auto for storage capgo when the config says no: the server may force delta', async () => {
    const capgo = await plan(await project(), CAPGO)
    expect(capgo.delta).toMatchObject({ mode: 'auto', autoFromConfig: false, encrypted: true })
  })

  it('brotli and brotli-exclude reach the plan; a bad glob is refused naming brotli-exclude', async () => {
    const dir = await project()
    const given = await plan(dir, { delta: 'true', brotli: 'false', 'brotli-exclude': 'assets/**\n*.map\n' })
    expect(given.delta).toMatchObject({ mode: 'true', brotli: false, brotliExclude: ['assets/**', '*.map'] })
    expect((await bundleErrorOf(plan(dir, { 'brotli-exclude': '../x' }))).input).toBe('brotli-exclude')
    expect((await bundleErrorOf(plan(dir, { delta: 'maybe' }))).input).toBe('delta')
  })
})

describe('delta: the updater decides what is possible', () => {
  it('the official version limits', () => {
    for (const ok of ['5.10.0', '6.25.0', '7.0.30', '8.0.0', '9.1.0']) expect(updaterDeltaProblem(ok), ok).toBeUndefined()
    for (const old of ['4.99.0', '5.9.9', '6.24.9', '7.0.29'])
      expect(updaterDeltaProblem(old), old).toMatch(new RegExp(`${old.replace(/\./g, '\\.')}, which cannot`))
    expect(updaterDeltaProblem(undefined)).toMatch(/no @capgo\/capacitor-updater version was found/)
  })

  it('too old: refused naming the plugin versions when asked for; dropped with one warning under auto', async () => {
    const error = await bundleErrorOf(plan(await project({ updaterVersion: '6.20.0' }), { delta: 'only' }))
    expect(error.code).toBe('updater_too_old')
    expect(error.input).toBe('delta')
    expect(error.message).toMatch(
      /^delta: only: the app uses @capgo\/capacitor-updater 6\.20\.0, which cannot install them; delta updates need @capgo\/capacitor-updater 5\.10\.0 \(5\.x\), 6\.25\.0 \(6\.x\), 7\.0\.30 \(7\.x\) or any 8\.x/,
    )
    const logger = recordingLogger()
    const dropped = await plan(await project({ updaterVersion: '6.20.0', updater: { autoUpdate: 'always' } }), {}, logger)
    expect(dropped.delta.mode).toBe('false')
    const warnings = logger.lines.filter((line) => line.level === 'warning' && line.message.includes('delta'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0].message).toMatch(/autoUpdate "always"\): .*6\.20\.0.*shipping the zip alone\.$/)
  })

  it('5.x takes plaintext delta files with plain hashes (never encrypted), with a warning', async () => {
    const logger = recordingLogger()
    const five = await plan(await project({ updaterVersion: '5.12.0' }), { delta: 'true' }, logger)
    expect(five.delta).toMatchObject({ mode: 'true', encrypted: false })
    expect(logger.text()).toMatch(/5\.12\.0 predates 6\.14\.4, so delta files are uploaded unencrypted/)
    expect((await plan(await project({ updaterVersion: '7.0.30' }), { delta: 'true' })).delta.encrypted).toBe(true)
  })
})

describe('delta: storage and file names', () => {
  it('github-release has no delta layout: refused when asked, dropped under auto', async () => {
    const values = { storage: 'github-release', 'github-token': 'ghs_test', 'release-tag': 'v1.0.0' }
    const error = await bundleErrorOf(plan(await project(), { ...values, delta: 'true' }))
    expect(error.code).toBe('delta_unsupported')
    expect((await plan(await project({ updater: { autoUpdate: 'always' } }), values)).delta.mode).toBe('false')
  })

  it('delta-upload-url: required with storage url when delta is used, refused elsewhere, masked', async () => {
    const dir = await project()
    const url = {
      storage: 'url',
      'upload-url': `${NOWHERE}/upload?sig=abcdefgh12345678`,
      'public-url': 'https://cdn.example.com/{appId}/{version}.zip',
    }
    const missing = await bundleErrorOf(plan(dir, { ...url, delta: 'true' }))
    expect(missing.input).toBe('delta-upload-url')
    const local = await bundleErrorOf(plan(dir, { delta: 'true', 'delta-upload-url': `${NOWHERE}/{path}?sig=x` }))
    expect([local.code, local.input]).toEqual(['input_conflict', 'delta-upload-url'])
    const logger = recordingLogger()
    getInputs(inputsFrom({ 'delta-upload-url': 'https://up.example.com/{path}?X-Amz-Signature=deadbeef' }), logger, {})
    expect(logger.secrets).toContain('https://up.example.com/{path}?X-Amz-Signature=deadbeef')
    expect(logger.secrets).toContain('X-Amz-Signature=deadbeef')
  })

  it("custom storage's own delta rules: refused when asked, dropped with a warning under auto", async () => {
    const s3 = {
      storage: 's3',
      's3-bucket': 'b',
      's3-endpoint': NOWHERE,
      's3-access-key-id': 'AKIATEST',
      's3-secret-access-key': 'secret-test',
      'allow-insecure-public-url': 'true',
      'public-url': 'https://cdn.example.com/{sha256}.zip',
    }
    const error = await bundleErrorOf(plan(await project(), { ...s3, delta: 'true' }))
    expect([error.code, error.input]).toEqual(['public_url_delta', 'public-url'])
    const logger = recordingLogger()
    const auto = await plan(await project({ updater: { autoUpdate: 'always' } }), s3, logger)
    expect(auto.delta.mode).toBe('false')
    expect(logger.lines.filter((line) => line.level === 'warning' && line.message.includes('{key}'))).toHaveLength(1)
    expect(
      (await plan(await project({ updater: { autoUpdate: 'always' } }), { ...s3, 'public-url': 'https://cdn.example.com/{key}' })).delta,
    ).toMatchObject({ mode: 'auto', autoFromConfig: true })
  })

  it('a file name with a space: refused for Capgo when asked, dropped with a warning under auto; fine elsewhere', async () => {
    const spaced = { files: { 'my file.js': 'x' } }
    const error = await bundleErrorOf(plan(await project(spaced), { ...CAPGO, delta: 'true' }))
    expect(error.code).toBe('delta_file_name')
    expect(error.message).toContain('"my file.js"')
    const logger = recordingLogger()
    const auto = await plan(await project({ ...spaced, updater: { directUpdate: 'always' } }), CAPGO, logger)
    expect(auto.delta.mode).toBe('false')
    expect(logger.lines.filter((line) => line.level === 'warning' && line.message.includes('space'))).toHaveLength(1)
    expect((await plan(await project(spaced), { delta: 'true' })).delta.mode).toBe('true')
  })

  it('names devices refuse or would rename are refused in the plan', async () => {
    const br = await bundleErrorOf(plan(await project({ files: { 'app.js.br': 'x' } }), { delta: 'true' }))
    expect(br.code).toBe('delta_path_refused')
    expect(br.message).toContain('"app.js.br" ends in .br')
    const backslash = await bundleErrorOf(plan(await project({ files: { 'a\\b.js': 'x' } }), { delta: 'true' }))
    expect(backslash.message).toContain('contains a backslash')
    // Skipped names (empty, .git*) are no entries, so they do not matter.
    expect((await plan(await project({ files: { 'empty.br': '' } }), { delta: 'true' })).delta.mode).toBe('true')
  })
})

describe('delta: stored names within file-system and S3 limits', () => {
  const warnings = (logger: RecordingLogger, text: string) =>
    logger.lines.filter((line) => line.level === 'warning' && line.message.includes(text))

  it('the {sha256}_ prefix (and .br) may not push a path segment past 255 bytes: refused when asked, dropped with one warning under auto', async () => {
    // 65 + 187 + 3 = 255 bytes: the longest first segment that fits.
    const fits = `${'a'.repeat(184)}.js`
    expect((await plan(await project({ files: { [fits]: 'x' } }), { delta: 'true' })).delta.mode).toBe('true')
    const tooLong = `${'b'.repeat(185)}.js`
    const error = await bundleErrorOf(plan(await project({ files: { [tooLong]: 'x' } }), { delta: 'true' }))
    expect([error.code, error.input]).toEqual(['delta_name_too_long', 'delta'])
    expect(error.message).toContain(`"${tooLong}" is written as {sha256}_${tooLong}[.br], with a path segment of 256 bytes`)
    // Bytes, not characters: 97 characters, 191 bytes of UTF-8.
    const accented = `${'é'.repeat(94)}.js`
    expect((await bundleErrorOf(plan(await project({ files: { [accented]: 'x' } }), { delta: 'true' }))).message).toContain(
      'a path segment of 259 bytes',
    )
    // A last segment of 253 bytes becomes 256 with .br, even when the first segment is short.
    const deep = `deep/${'c'.repeat(250)}.js`
    expect((await bundleErrorOf(plan(await project({ files: { [deep]: 'x' } }), { delta: 'true' }))).message).toContain(
      'a path segment of 256 bytes',
    )
    const logger = recordingLogger()
    const auto = await plan(await project({ files: { [tooLong]: 'x', [deep]: 'y' }, updater: { autoUpdate: 'always' } }), {}, logger)
    expect(auto.delta.mode).toBe('false')
    expect(warnings(logger, 'path segment')).toHaveLength(1)
    expect(warnings(logger, '(and 1 more)')).toHaveLength(1)
  })

  it('storage s3: {s3-key without .zip}/delta/{sha256}_{file_name} may not pass 1,024 bytes', async () => {
    const folders = `${'k'.repeat(240)}/${'l'.repeat(240)}/${'m'.repeat(240)}/${'o'.repeat(104)}`
    const s3 = {
      storage: 's3',
      's3-bucket': 'b',
      's3-endpoint': NOWHERE,
      's3-access-key-id': 'AKIATEST',
      's3-secret-access-key': 'secret-test',
      's3-key': `${folders}/{appId}_{version}.zip`,
      'public-url': 'https://cdn.example.com/{key}',
    }
    const base = await plan(await project(), { ...s3, delta: 'true' })
    expect(base.delta.mode).toBe('true')
    const prefix = Buffer.byteLength(`${folders}/${base.appId}_${base.version}/delta/`) + 65
    // One byte over: prefix + name + .br = 1,025.
    const name = 'n'.repeat(1025 - prefix - 3)
    expect(name.length).toBeLessThan(187) // the key, not a segment, is what is too long
    const error = await bundleErrorOf(plan(await project({ files: { [name]: 'x' } }), { ...s3, delta: 'true' }))
    expect([error.code, error.input]).toEqual(['delta_name_too_long', 'delta'])
    expect(error.message).toContain(
      `is stored under the S3 key ${folders}/${base.appId}_${base.version}/delta/{sha256}_${name}[.br], 1025 bytes`,
    )
    expect((await plan(await project({ files: { [name.slice(1)]: 'x' } }), { ...s3, delta: 'true' })).delta.mode).toBe('true')
    // Other storages have no key limit.
    expect((await plan(await project({ files: { [name]: 'x' } }), { delta: 'true' })).delta.mode).toBe('true')
    const logger = recordingLogger()
    const auto = await plan(await project({ files: { [name]: 'x' }, updater: { autoUpdate: 'always' } }), s3, logger)
    expect(auto.delta.mode).toBe('false')
    expect(warnings(logger, 'S3 keys are at most 1,024')).toHaveLength(1)
  })
})
