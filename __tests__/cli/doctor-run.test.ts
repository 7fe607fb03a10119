// doctor, run, the command line itself (help, usage errors, exit codes), and the package's bin.
import { createPublicKey } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { keyIdOf } from '../../src/bundle/keys.js'
import { verifyBundle } from '../../src/bundle/verify.js'
import { ACTION_INPUT_FLAGS } from '../../src/cli/commands/run.js'
import { terminalLogger } from '../../src/cli/logger.js'
import { keyPair, makeProject, removeTempDirs, tempDir } from '../support/fixtures.js'
import { bin, cli, DIST_CLI, expectCode, expectNoKeyMaterial, jsonOf } from '../support/run-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair(0)
const other = keyPair(1)
const action = parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

interface Diagnosis {
  ok: boolean
  checks: { id: string; status: 'ok' | 'warn' | 'fail'; message: string }[]
  configKeyId?: string
  privateKeyId?: string
  checksumFormat?: string
  updaterVersion?: string
}
const check = (diagnosis: Diagnosis, id: string) => diagnosis.checks.find((entry) => entry.id === id)

async function projectWithKeys(options: Parameters<typeof makeProject>[0], pair = keyPair(0)): Promise<string> {
  const dir = await makeProject(options)
  await writeFile(join(dir, '.capgo_key_v2'), pair.privatePem, { mode: 0o600 })
  await writeFile(join(dir, '.capgo_key_v2.pub'), pair.publicPem)
  return dir
}

describe('doctor', () => {
  it('passes a healthy project and reports the key id and the checksum format its plugin needs', async () => {
    const dir = await projectWithKeys({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const [human, json] = await Promise.all([cli(['doctor'], { cwd: dir }), cli(['doctor', '--json'], { cwd: dir })])
    expectCode(human, 0)
    expect(human.stdout).not.toContain('FAIL')
    expect(human.stdout).not.toContain('warn')
    expectNoKeyMaterial(human, privatePem)
    expectCode(json, 0)
    const diagnosis = jsonOf<Diagnosis>(json)
    expect(diagnosis).toMatchObject({
      ok: true,
      configKeyId: keyIdOf(publicPem),
      privateKeyId: keyIdOf(publicPem),
      checksumFormat: 'v3',
      updaterVersion: '8.1.0',
    })
    expect(diagnosis.checks.map((entry) => entry.id)).toEqual([
      'config',
      'build',
      'notify-app-ready',
      'config-key',
      'private-key',
      'public-key-file',
      'key-match',
      'checksum-format',
    ])
  })

  it('warns when the private key is not the config key, naming both ids (a rotation in progress, or a mistake)', async () => {
    const dir = await projectWithKeys({ publicKey: other.publicPem, updaterVersion: '7.2.0' })
    const run = await cli(['doctor', '--json'], { cwd: dir })
    expectCode(run, 0)
    const diagnosis = jsonOf<Diagnosis>(run)
    const match = check(diagnosis, 'key-match')
    expect(match?.status).toBe('warn')
    expect(match?.message).toContain(keyIdOf(publicPem))
    expect(match?.message).toContain(keyIdOf(other.publicPem))
    expect(match?.message).toContain('rotating')
    expect(check(diagnosis, 'checksum-format')?.message).toContain('V2')
  })

  it('fails on what makes devices reject updates: SPKI config key, no notifyAppReady, a mismatched .pub, an exposed key file', async () => {
    const spki = createPublicKey(publicPem).export({ type: 'spki', format: 'pem' }) as string
    const dir = await projectWithKeys({ publicKey: spki })
    // The example app's two scripts that call notifyAppReady.
    for (const script of ['app.js', 'updater.js']) await writeFile(join(dir, 'www', 'assets', script), 'console.log("never ready")')
    await writeFile(join(dir, '.capgo_key_v2.pub'), other.publicPem)
    await chmod(join(dir, '.capgo_key_v2'), 0o644)
    await mkdir(join(dir, '.git'))

    const [human, json] = await Promise.all([cli(['doctor'], { cwd: dir }), cli(['doctor', '--json'], { cwd: dir })])
    expectCode(human, 1)
    expect(human.stderr.trim().split('\n')).toHaveLength(1)
    expectCode(json, 1)
    const diagnosis = jsonOf<Diagnosis>(json)
    expect(diagnosis.ok).toBe(false)
    expect(check(diagnosis, 'config-key')).toMatchObject({ status: 'fail' })
    expect(check(diagnosis, 'config-key')?.message).toContain('Android skips decryption')
    expect(check(diagnosis, 'notify-app-ready')).toMatchObject({ status: 'fail' })
    expect(check(diagnosis, 'public-key-file')).toMatchObject({ status: 'fail' })
    expect(check(diagnosis, 'public-key-file')?.message).toContain(keyIdOf(other.publicPem))
    expect(check(diagnosis, 'private-key-file')?.message).toContain('chmod 600')
    expect(check(diagnosis, 'private-key-file')?.message).toContain('.gitignore')
    expect(human.stdout).toMatch(/^FAIL {2}.*Android skips decryption/m)
  })

  it('explains a missing config, and a missing private key as a warning', async () => {
    const dir = await tempDir()
    const [missing, withConfig] = await Promise.all([
      cli(['doctor', '--json'], { cwd: dir }),
      cli(['doctor', '--config', 'nope/capacitor.config.json'], { cwd: dir }),
    ])
    expectCode(missing, 1)
    const diagnosis = jsonOf<Diagnosis>(missing)
    expect(check(diagnosis, 'config')?.message).toContain('--config')
    expect(check(diagnosis, 'private-key')).toMatchObject({ status: 'warn' })
    expect(check(diagnosis, 'private-key')?.message).toContain('CAPGO_PRIVATE_KEY')
    expectCode(withConfig, 1)
    expect(withConfig.stdout).toContain('cannot be read')
  })
})

describe('run', () => {
  it('has a flag for every action input, under the same name', () => {
    expect(ACTION_INPUT_FLAGS.map((flag) => flag.name).sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('--json prints the action outputs by name, for a bundle devices accept, from the same zip as "zip"', async () => {
    const dir = await projectWithKeys({ publicKey: publicPem, updaterVersion: '8.1.0', version: '3.0.0' })
    const [run, zipped] = await Promise.all([
      cli(['run', '--storage', 'local', '--output-dir', 'out', '--json'], { cwd: dir }),
      cli(['zip', '--json'], { cwd: dir }),
    ])
    expectCode(run, 0)
    const outputs = jsonOf<Record<string, string>>(run)
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(outputs).toMatchObject({
      version: '3.0.0',
      'app-id': 'com.example.test',
      'checksum-format': 'v3',
      'key-id': keyIdOf(publicPem),
      'bundle-path': join(dir, 'out', 'com.example.test_3.0.0.zip'),
    })
    expect(outputs['checksum-sha256']).toBe(jsonOf<{ checksum: string }>(zipped).checksum)
    await verifyBundle({
      file: outputs['bundle-path'],
      ivSessionKey: outputs.ivSessionKey,
      checksum: outputs.checksum,
      publicKey: publicPem,
    })
    expect(run.stderr).toContain('Verified as a device would')
    expectNoKeyMaterial(run, privatePem)
  })

  it('maps booleans and keys with INPUT_* semantics and refuses what the action refuses', async () => {
    const dir = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const env = { CAPGO_PRIVATE_KEY: privatePem.replace(/\n/g, '\\n') }
    const [noVerify, spelled, invalid, unknown, noToken, noKey] = await Promise.all([
      cli(['run', '--storage', 'local', '--output-dir', 'a', '--no-verify'], { cwd: dir, env }),
      // A workflow step run from the app's folder: paths still start there, not at GITHUB_WORKSPACE.
      cli(['run', '--storage', 'local', '--output-dir', 'b', '--verify', 'false', '--checksum-format=v2', '--json'], {
        cwd: dir,
        env: { ...env, GITHUB_WORKSPACE: tmpdir() },
      }),
      cli(['run', '--storage', 'local', '--verify', 'maybe'], { cwd: dir, env }),
      cli(['run', '--bucket', 'x'], { cwd: dir, env }),
      cli(['run', '--output-dir', 'c'], { cwd: dir, env }),
      cli(['run', '--storage', 'local'], { cwd: dir }),
    ])
    expectCode(noVerify, 0)
    expect(noVerify.stderr).not.toContain('Verified as a device would')
    expectCode(spelled, 0)
    expect(jsonOf(spelled)).toMatchObject({ 'checksum-format': 'v2', 'bundle-path': join(dir, 'b', 'com.example.test_1.0.0.zip') })
    expectCode(invalid, 1)
    expect(invalid.stderr).toContain('verify must be true or false')
    expectCode(unknown, 2)
    expect(unknown.stderr).toContain("'--bucket'")
    expectCode(noToken, 1)
    expect(noToken.stderr).toContain('capgo-token')
    expectCode(noKey, 1)
    expect(noKey.stderr).toContain('private-key')
    for (const run of [noVerify, spelled, invalid, noToken]) expectNoKeyMaterial(run, privatePem)
  })
})

describe('the command line', () => {
  const commands = ['key create', 'key save', 'zip', 'encrypt', 'decrypt', 'verify', 'doctor', 'run']

  it('has --help for every command, a general help, a version, and exit 2 for what cannot mean anything', async () => {
    const dir = await tempDir()
    const helps = await Promise.all(commands.map((name) => cli([...name.split(' '), '--help'], { cwd: dir })))
    helps.forEach((help, index) => {
      expectCode(help, 0)
      expect(help.stdout).toContain(`Usage: capgo-bundle ${commands[index]}`)
      expect(help.stdout).toContain('--json')
    })
    const [general, bare, unknown, keyAlone, version, helpCommand] = await Promise.all([
      cli(['--help'], { cwd: dir }),
      cli([], { cwd: dir }),
      cli(['upload'], { cwd: dir }),
      cli(['key'], { cwd: dir }),
      cli(['--version'], { cwd: dir }),
      cli(['help', 'key', 'save'], { cwd: dir }),
    ])
    expectCode(general, 0)
    for (const name of commands) expect(general.stdout).toContain(`  ${name} `)
    expect(general.stdout).toContain('CAPGO_PRIVATE_KEY')
    expectCode(bare, 2)
    expect(bare.stdout).toBe('')
    expect(bare.stderr).toContain('Usage: capgo-bundle <command>')
    expectCode(unknown, 2)
    expect(unknown.stderr).toContain('unknown command "upload"')
    expectCode(keyAlone, 2)
    expect(keyAlone.stderr).toContain('create or save')
    expectCode(version, 0)
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version)
    expect(helpCommand.stdout).toContain('Usage: capgo-bundle key save')
    expect(helpCommand.stdout).toContain('Android skips decryption')
  })

  it('redacts every secret the logger was told about from everything it prints', () => {
    const printed: string[] = []
    const logger = terminalLogger({ stdout: (text) => printed.push(text), stderr: (text) => printed.push(text) }, true)
    logger.secret('s3cr3t-token-value')
    logger.secret('  ')
    logger.info('token s3cr3t-token-value in a message')
    logger.warning('again s3cr3t-token-value')
    logger.debug('debug s3cr3t-token-value')
    expect(printed.join('')).toBe('token *** in a message\nwarning: again ***\ndebug: debug ***\n')
    expect(logger.redact('{"a":"s3cr3t-token-value"}')).toBe('{"a":"***"}')
  })
})

describe('bin/capgo-bundle.js', () => {
  it('runs the built CLI as npm links it', async () => {
    if (!existsSync(DIST_CLI)) throw new Error('dist/cli/index.js is missing: run npm run build')
    const dir = await projectWithKeys({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const [version, doctor] = await Promise.all([bin(['--version'], { cwd: dir }), bin(['doctor', '--json'], { cwd: dir })])
    expectCode(version, 0)
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    expectCode(doctor, 0)
    expect(jsonOf<Diagnosis>(doctor).privateKeyId).toBe(keyIdOf(publicPem))
  })
})
