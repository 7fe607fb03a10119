// Inputs that would leak a secret or point somewhere they should not: each is
// refused in the plan with one line naming the input, secrets masked first
// and never part of the line.
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { excluder } from '../src/bundle/exclude.js'
import { isInside } from '../src/bundle/walk.js'
import type { Command } from '../src/cli/command.js'
import { execute } from '../src/cli/dispatch.js'
import { run as runCommand } from '../src/cli/commands/run.js'
import { zip as zipCommand } from '../src/cli/commands/zip.js'
import { BundleError } from '../src/errors.js'
import { getInputs } from '../src/inputs.js'
import { runFromInputs } from '../src/pipeline.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
const keyLines = (text: string) => text.split('\n').filter((line) => line.length >= 8 && !line.startsWith('-----'))

function refusedInputs(values: Record<string, string>) {
  const logger = recordingLogger()
  let error: unknown
  try {
    getInputs(inputsFrom(values), logger, {})
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(BundleError)
  expect((error as BundleError).message.split('\n')).toHaveLength(1)
  return { error: error as BundleError, logger }
}

describe('key text given to a path input is masked and refused', () => {
  const forms: Record<string, string> = {
    pem: privatePem,
    'escaped newlines': privatePem.trim().replace(/\n/g, '\\n'),
    'base64-wrapped PEM': Buffer.from(privatePem).toString('base64'),
    'base64 DER': privatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
  }
  for (const name of ['private-key-path', 'capacitor-config', 'path', 'output-dir']) {
    for (const [form, value] of Object.entries(forms)) {
      it(`${name} given a key as ${form}`, () => {
        const { error, logger } = refusedInputs({ [name]: value })
        expect(error.code).toBe('key_text_in_path')
        expect(error.input).toBe(name)
        expect(error.message).toMatch(new RegExp(`^${name} holds key text, not a path: pass it as private-key`))
        // Masked: the value as given, and every line of the key body when it has lines.
        expect(logger.secrets).toContain(value.trim())
        for (const line of keyLines(privatePem)) {
          if (form !== 'base64 DER') expect(logger.secrets).toContain(line)
          expect(error.message).not.toContain(line)
        }
        expect(error.message).not.toContain(value.slice(0, 40))
        expect(logger.text()).toBe('')
      })
    }
  }

  it('ordinary paths, even long ones, pass', () => {
    const long = `packages/${'frontend/'.repeat(20)}dist`
    expect(() =>
      getInputs(inputsFrom({ path: long, 'private-key-path': '.capgo_key_v2', 'output-dir': 'out' }), recordingLogger(), {}),
    ).not.toThrow()
  })

  it('the action run fails with the one line, and no key line reaches any message', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const logger = recordingLogger()
    const error = await runFromInputs(
      inputsFrom({ storage: 'local', 'private-key-path': privatePem }),
      logger,
      { GITHUB_WORKSPACE: workspace },
      workspace,
    ).then(
      () => undefined,
      (e: unknown) => e as BundleError,
    )
    expect(error?.code).toBe('key_text_in_path')
    for (const line of keyLines(privatePem)) expect(`${logger.text()}\n${error?.message}`).not.toContain(line)
  })
})

describe('credentials in URL inputs are refused, never echoed', () => {
  const cases: Record<string, Record<string, string>> = {
    'capgo-api-url': {},
    'capgo-files-url': {},
    'capgo-supabase-url': {},
    's3-endpoint': {},
    'upload-url': { storage: 'url' },
    'public-url': { storage: 's3' },
    'gcp-kms-endpoint': { signer: 'gcp-kms' },
  }
  for (const [name, extra] of Object.entries(cases)) {
    it(name, () => {
      const { error, logger } = refusedInputs({ ...extra, [name]: 'https://deploy-user:s3cr%40t-pass@host.example.com/path' })
      expect(error.code).toBe('url_credentials')
      expect(error.input).toBe(name)
      expect(error.message).toMatch(new RegExp(`^${name} holds a user name or password`))
      for (const part of ['deploy-user', 's3cr', 'host.example.com']) expect(error.message).not.toContain(part)
      expect(logger.secrets).toContain('s3cr%40t-pass')
      expect(logger.secrets).toContain('s3cr@t-pass')
    })
  }

  it('a public-url template with placeholders is checked too, and one without userinfo passes', () => {
    expect(refusedInputs({ 'public-url': 'https://u:p@cdn.example.com/{appId}/{version}.zip' }).error.code).toBe('url_credentials')
    expect(() =>
      getInputs(inputsFrom({ 'public-url': 'https://cdn.example.com/{appId}/{version}.zip?x=a@b' }), recordingLogger(), {}),
    ).not.toThrow()
  })
})

describe('output-dir', () => {
  async function refused(workspace: string, values: Record<string, string>): Promise<BundleError> {
    const error = await runFromInputs(
      inputsFrom({ storage: 'local', 'private-key': privatePem, ...values }),
      recordingLogger(),
      { GITHUB_WORKSPACE: workspace },
      workspace,
    ).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BundleError)
    expect((error as BundleError).message.split('\n')).toHaveLength(1)
    return error as BundleError
  }

  it('inside the build through a symbolic link is refused (real paths compared)', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await symlink(join(workspace, 'www'), join(workspace, 'distlink'))
    const error = await refused(workspace, { 'output-dir': 'distlink/out' })
    expect(error.code).toBe('output_in_build')
    expect(error.message).toContain('through a symbolic link')
    expect(await readdir(join(workspace, 'www'))).not.toContain('out')
  })

  it('that is a file, or below a file, is refused naming output-dir', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await writeFile(join(workspace, 'afile'), 'x')
    for (const dir of ['afile', 'afile/sub']) {
      const error = await refused(workspace, { 'output-dir': dir })
      expect(error.code).toBe('output_dir_not_directory')
      expect(error.input).toBe('output-dir')
    }
  })

  it('a bundle file name over the file-system limit is refused in the plan, before packing', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await mkdir(join(workspace, 'out'))
    const error = await refused(workspace, { 'output-dir': 'out', version: `1.0.0-${'a'.repeat(240)}` })
    expect(error.code).toBe('file_name_too_long')
    expect(error.input).toBe('version')
    expect(await readdir(join(workspace, 'out'))).toEqual([])
  })
})

describe('helpers', () => {
  it('isInside is right for the root directory', () => {
    expect(isInside('/', '/usr/bin')).toBe(true)
    expect(isInside('/a/b', '/a/bc')).toBe(false)
    expect(isInside('/a/b', '/a/b/c')).toBe(true)
  })

  it('exclude globs', () => {
    const match = excluder(['.git/**', '*.map', '**/secret', 'a/**/z', 'x?.js'])
    for (const name of ['.git', '.git/config', 'app.js.map', '.hidden.map', 'secret', 'deep/er/secret', 'a/z', 'a/b/c/z', 'x1.js'])
      expect(match(name), name).toBe(true)
    for (const name of ['.gitignore', 'sub/app.js.map', 'secrets', 'b/a/z', 'x12.js', 'ab/z']) expect(match(name), name).toBe(false)
  })
})

describe('any input that looks like key material is masked', () => {
  it('a key pasted into comment is masked before the run prints anything', () => {
    const logger = recordingLogger()
    getInputs(inputsFrom({ comment: privatePem }), logger, {})
    for (const line of keyLines(privatePem)) expect(logger.secrets).toContain(line)
  })

  it('a public key stays readable', () => {
    const logger = recordingLogger()
    getInputs(inputsFrom({ 'public-key': publicPem, comment: publicPem }), logger, {})
    expect(logger.secrets).toEqual([])
  })
})

describe('CLI --exclude', () => {
  async function cli(command: Command, argv: string[], cwd: string) {
    let stdout = ''
    let stderr = ''
    const code = await execute(command, argv, {
      cwd,
      env: {},
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    })
    return { code, stdout, stderr }
  }

  it('is repeatable on run and zip, and what it names is left out', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await writeFile(join(workspace, 'www', '.env'), 'SECRET=1')
    await mkdir(join(workspace, 'www', '.git'))
    await writeFile(join(workspace, 'www', '.git', 'config'), 'token')
    const refused = await cli(zipCommand, ['--path', 'www', '--json'], workspace)
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout).error).toBe('secret_in_build')
    const zipped = await cli(zipCommand, ['--path', 'www', '--exclude', '.env', '--exclude', '.git', '--json'], workspace)
    expect(zipped.stderr).not.toContain('error')
    expect(zipped.code).toBe(0)
    const ran = await cli(
      runCommand,
      [
        '--path',
        'www',
        '--private-key',
        privatePem,
        '--storage',
        'local',
        '--output-dir',
        'out',
        '--exclude',
        '.env',
        '--exclude',
        '.git/**',
        '--json',
      ],
      workspace,
    )
    expect(ran.stderr).not.toContain('error')
    expect(ran.code).toBe(0)
  })
})
