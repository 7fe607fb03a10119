// signer pkcs11 against a real SoftHSM2 token through OpenSC's pkcs11-tool: the whole action, the official CLI's check,
// each way it refuses, and the PIN nowhere but in pkcs11-tool's own environment.
import { createPublicKey } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { runAction } from '../scripts/lib/run-action.mjs'
import { parsePublicKey } from '../src/bundle/keys.js'
import { verifyBundle } from '../src/bundle/verify.js'
import { outputsOf, runFromInputs } from '../src/pipeline.js'
import { bundleErrorOf, inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'
import { officialCli } from './support/official-cli.js'
import { cli, expectCode, jsonOf } from './support/run-cli.js'
import { makeToken, SOFTHSM_MISSING, TOKEN_LABEL, tokenPublicKey, USER_PIN, type Token } from './support/softhsm.js'

afterAll(removeTempDirs)

if (SOFTHSM_MISSING) {
  describe('signer pkcs11', () => {
    it.skip(`skipped: ${SOFTHSM_MISSING}`, () => undefined)
  })
} else {
  describe('signer pkcs11 (SoftHSM2 + OpenSC pkcs11-tool)', () => {
    let token: Token
    let publicPem: string
    let traceDir: string
    let trace: string
    const originalPath = process.env.PATH

    beforeAll(async () => {
      token = await makeToken()
      const der = await tokenPublicKey('01')
      publicPem = parsePublicKey(
        createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'pkcs1', format: 'pem' }) as string,
        'token',
      ).pkcs1Pem
      // A pkcs11-tool in front of the real one that records the arguments the OS saw (/proc/self/cmdline).
      traceDir = await tempDir('capgo-trace-')
      trace = join(traceDir, 'argv.log')
      const real = (process.env.PATH ?? '')
        .split(':')
        .map((dir) => join(dir, 'pkcs11-tool'))
        .find((path) => existsSync(path))
      await writeFile(
        join(traceDir, 'pkcs11-tool'),
        `#!/bin/sh\ntr '\\0' ' ' < /proc/$$/cmdline >> '${trace}'\necho >> '${trace}'\nexec '${real}' "$@"\n`,
      )
      await chmod(join(traceDir, 'pkcs11-tool'), 0o755)
      process.env.PATH = `${traceDir}:${originalPath}`
    }, 120_000)

    afterAll(() => {
      process.env.PATH = originalPath
    })

    const inputs = (project: string, extra: Record<string, string> = {}) => ({
      storage: 'local',
      'output-dir': join(project, 'out'),
      signer: 'pkcs11',
      'pkcs11-module': token.module,
      'pkcs11-token-label': TOKEN_LABEL,
      'pkcs11-key-label': 'capgo-key',
      'pkcs11-pin': USER_PIN,
      ...extra,
    })
    const run = (project: string, extra: Record<string, string> = {}, logger = recordingLogger()) =>
      runFromInputs(inputsFrom(inputs(project, extra)), logger, { GITHUB_WORKSPACE: project }, project)

    it.each(['v3', 'v2'] as const)(
      'signs in the token; device-equivalent verify and the official bundle decrypt --checksum accept it (%s)',
      async (format) => {
        const project = await makeProject({
          publicKey: publicPem,
          updaterVersion: format === 'v3' ? '8.1.0' : '7.2.0',
          updaterRange: format === 'v3' ? '^8.1.0' : '^7.2.0',
        })
        const logger = recordingLogger()
        const { result } = await run(project, {}, logger)
        const outputs = outputsOf(result)
        expect(outputs.signer).toBe('pkcs11')
        expect(outputs['checksum-format']).toBe(format)
        await verifyBundle({
          file: result.bundle.path,
          ivSessionKey: result.bundle.ivSessionKey,
          checksum: result.bundle.checksum,
          publicKey: publicPem,
        })
        await writeFile(join(project, 'key.pub'), publicPem)
        const official = await officialCli(
          ['bundle', 'decrypt', result.bundle.path, result.bundle.ivSessionKey, '--checksum', result.bundle.checksum, '--key', 'key.pub'],
          project,
        )
        expect(official.stdout).toContain('Checksum matches')
        expect(official.code).toBe(0)

        // The PIN: masked first, and never in any log line, output, or any pkcs11-tool command line.
        expect(logger.secrets).toContain(USER_PIN)
        expect(logger.text()).not.toContain(USER_PIN)
        expect(JSON.stringify(outputs)).not.toContain(USER_PIN)
        const argv = await readFile(trace, 'utf8')
        expect(argv).toContain('--pin env:CAPGO_PKCS11_PIN')
        expect(argv).toContain('--sign --mechanism RSA-PKCS --id 01')
        expect(argv).not.toContain(USER_PIN)
      },
      120_000,
    )

    it('works from dist/index.js as a runner runs it: PIN masked, never printed', async () => {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
      const values = inputs(workspace)
      delete (values as Record<string, string>)['output-dir']
      const result = (await runAction(values, { workspace, env: { SOFTHSM2_CONF: process.env.SOFTHSM2_CONF! }, summary: true })) as {
        code: number
        stdout: string
        stderr: string
        outputs: Record<string, string>
        summary: string
      }
      expect(result.stdout).not.toContain('::error::')
      expect(result.code).toBe(0)
      expect(result.outputs.signer).toBe('pkcs11')
      expect(result.summary).toContain('pkcs11: PKCS#11 key "capgo-key"')
      expect(result.stdout).toContain(`::add-mask::${USER_PIN}`)
      expect(result.stdout.split('\n').filter((line) => line.includes(USER_PIN) && !line.startsWith('::add-mask::'))).toEqual([])
      expect(result.stderr).not.toContain(USER_PIN)
      expect(result.summary).not.toContain(USER_PIN)
      await verifyBundle({
        file: result.outputs['bundle-path'],
        ivSessionKey: result.outputs.ivSessionKey,
        checksum: result.outputs.checksum,
        publicKey: publicPem,
      })
    }, 60_000)

    it('selects the key by pkcs11-key-id and finds the public key in the token without the config', async () => {
      const project = await makeProject({})
      const { result } = await run(project, { 'pkcs11-key-label': '', 'pkcs11-key-id': '01' })
      expect(result.bundle.publicKey).toBe(publicPem)
      await verifyBundle({
        file: result.bundle.path,
        ivSessionKey: result.bundle.ivSessionKey,
        checksum: result.bundle.checksum,
        publicKey: publicPem,
      })
    }, 60_000)

    it.each([
      ['a wrong PIN', { 'pkcs11-pin': '000000' }, 'pkcs11-pin', 'pkcs11_pin_incorrect', /CKR_PIN_INCORRECT/],
      [
        'a wrong key label',
        { 'pkcs11-key-label': 'nope' },
        'pkcs11-key-label',
        'pkcs11_key_missing',
        /has no private key "nope" \(it holds: /,
      ],
      ['a wrong token label', { 'pkcs11-token-label': 'nope' }, 'pkcs11-token-label', 'pkcs11_token_missing', /no token labelled "nope"/],
      ['an EC key', { 'pkcs11-key-label': 'ec-key' }, 'pkcs11-key-label', 'key_not_rsa', /is a EC key; Capgo devices need an RSA-2048 key/],
      [
        'a 4096-bit key',
        { 'pkcs11-key-label': 'big-key' },
        'pkcs11-key-label',
        'key_size',
        /4096-bit RSA key; devices need exactly 2048 bits/,
      ],
      ['a module that does not exist', { 'pkcs11-module': '/nope/libnope.so' }, 'pkcs11-module', 'pkcs11_module_missing', /does not exist/],
      ['no key named', { 'pkcs11-key-label': '' }, 'pkcs11-key-label', 'pkcs11_key_missing', /required with signer: pkcs11/],
      ['a private key as well', { 'private-key': 'x' }, 'private-key', 'signer_input_conflict', /signs without it/],
    ])(
      'refuses %s in the plan with one line naming the input',
      async (_, extra, input, code, message) => {
        const project = await makeProject({ publicKey: publicPem })
        const logger = recordingLogger()
        const error = await bundleErrorOf(run(project, extra, logger))
        expect(error.code).toBe(code)
        expect(error.input).toBe(input)
        expect(error.message).toMatch(message)
        expect(error.message).not.toContain('\n')
        expect(error.message).not.toContain(USER_PIN)
        expect(logger.text()).not.toContain(USER_PIN)
      },
      60_000,
    )

    it('refuses a token key that is not the key in the app config, naming both key ids', async () => {
      const project = await makeProject({ publicKey: keyPair(1).publicPem })
      const error = await bundleErrorOf(run(project))
      expect(error.code).toBe('key_mismatch')
      expect(error.message).toMatch(/^pkcs11-key-label does not match plugins.CapacitorUpdater.publicKey/)
    }, 60_000)

    it('CLI: key create --pkcs11 makes a key inside the token, writes only .capgo_key_v2.pub, and encrypt --signer pkcs11 signs with it', async () => {
      const project = await makeProject({})
      const env = { SOFTHSM2_CONF: process.env.SOFTHSM2_CONF, PATH: process.env.PATH, CAPGO_PKCS11_PIN: USER_PIN }
      const flags = ['--pkcs11-module', token.module, '--pkcs11-token-label', TOKEN_LABEL]
      const created = await cli(['key', 'create', '--pkcs11', ...flags, '--pkcs11-key-label', 'cli-key', '--json'], { cwd: project, env })
      expectCode(created, 0)
      const made = jsonOf<{ publicKeyPath: string; keyId: string }>(created)
      expect(made.publicKeyPath).toBe(join(project, '.capgo_key_v2.pub'))
      const cliPublic = await readFile(made.publicKeyPath, 'utf8')
      expect(cliPublic).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/)
      await expect(readFile(join(project, '.capgo_key_v2'))).rejects.toThrow()

      const again = await cli(['key', 'create', '--pkcs11', ...flags, '--pkcs11-key-label', 'cli-key', '--dir', 'elsewhere'], {
        cwd: project,
        env,
      })
      expectCode(again, 1)
      expect(again.stderr).toMatch(/already holds a key labelled "cli-key"/)

      const zipped = await cli(['zip', '--json'], { cwd: project, env })
      expectCode(zipped, 0)
      const zip = jsonOf<{ filename: string; checksum: string }>(zipped)
      const encrypted = await cli(
        ['encrypt', zip.filename, zip.checksum, '--signer', 'pkcs11', ...flags, '--pkcs11-key-label', 'cli-key', '--json'],
        { cwd: project, env },
      )
      expectCode(encrypted, 0)
      const out = jsonOf<{ filename: string; checksum: string; ivSessionKey: string }>(encrypted)
      expect(encrypted.stderr).toContain(`signed by PKCS#11 key "cli-key" on token "${TOKEN_LABEL}"`)
      expect(encrypted.stderr).not.toContain(USER_PIN)
      await verifyBundle({
        file: join(project, out.filename),
        ivSessionKey: out.ivSessionKey,
        checksum: out.checksum,
        publicKey: cliPublic,
      })
    }, 120_000)
  })
}
