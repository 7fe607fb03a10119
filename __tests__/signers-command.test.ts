// signer command: openssl pkeyutl with a key file, a node script answering in hex and base64, and every way a command fails.
import { createPrivateKey, sign as digestSign } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../src/bundle/verify.js'
import { outputsOf, runFromInputs } from '../src/pipeline.js'
import { CommandSigner, decodeSignature, parseCommandLines } from '../src/signers/command.js'
import { checkedSign } from '../src/signers/index.js'
import { bundleErrorOf, inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'
import { officialCli } from './support/official-cli.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()

/** A signing service stand-in: reads stdin, answers in the encoding the first argument names. */
const SCRIPT = `
const { privateEncrypt, constants } = require('node:crypto')
const chunks = []
process.stdin.on('data', (c) => chunks.push(c)).on('end', () => {
  const sig = privateEncrypt({ key: process.env.TEST_SIGNER_KEY, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat(chunks))
  const mode = process.argv[2]
  process.stderr.write('signing service: ' + mode + ' ' + (process.env.TEST_SECRET || '') + '\\n')
  if (mode === 'hex') process.stdout.write(sig.toString('hex') + '\\n')
  else if (mode === 'base64') process.stdout.write(sig.toString('base64').replace(/(.{76})/g, '$1\\n') + '\\n')
  else if (mode === 'short') process.stdout.write(sig.subarray(1))
  else if (mode === 'fail') process.exit(3)
  else process.stdout.write(sig)
})`

async function projectWithKey(): Promise<{ project: string; keyFile: string; script: string }> {
  const project = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0', updaterRange: '^8.1.0' })
  const keyFile = join(project, 'signing-key.pem')
  await writeFile(keyFile, privatePem, { mode: 0o600 })
  // One argument per line: a program's text cannot be an argument, so the stand-in is a file.
  const script = join(project, 'signing-service.cjs')
  await writeFile(script, SCRIPT)
  return { project, keyFile, script }
}

const run = (project: string, command: string[], extra: Record<string, string> = {}, logger = recordingLogger()) =>
  runFromInputs(
    inputsFrom({ storage: 'local', 'output-dir': join(project, 'out'), signer: 'command', 'signer-command': command.join('\n'), ...extra }),
    logger,
    { GITHUB_WORKSPACE: project },
    project,
  )

describe('signer command', () => {
  it('openssl pkeyutl -sign with rsa_padding_mode:pkcs1 signs bundles devices and the official CLI accept', async () => {
    const { project, keyFile } = await projectWithKey()
    const { result } = await run(project, ['openssl', 'pkeyutl', '-sign', '-inkey', keyFile, '-pkeyopt', 'rsa_padding_mode:pkcs1'])
    expect(outputsOf(result).signer).toBe('command')
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
  }, 60_000)

  it.each(['raw', 'hex', 'base64'])(
    'reads a %s signature from stdout and shows the stderr through the logger',
    async (mode) => {
      const { project, script } = await projectWithKey()
      process.env.TEST_SIGNER_KEY = privatePem
      try {
        const logger = recordingLogger()
        const { result } = await run(project, [process.execPath, script, mode], { 'public-key': publicPem }, logger)
        await verifyBundle({
          file: result.bundle.path,
          ivSessionKey: result.bundle.ivSessionKey,
          checksum: result.bundle.checksum,
          publicKey: publicPem,
        })
        expect(logger.text()).toContain(`signer-command: signing service: ${mode}`)
      } finally {
        delete process.env.TEST_SIGNER_KEY
      }
    },
    60_000,
  )

  it('never hands our inputs (the Capgo token, the PIN) to the command', async () => {
    process.env.TEST_SIGNER_KEY = privatePem
    process.env['INPUT_CAPGO-TOKEN'] = 'capgo-token-value'
    try {
      const printEnv = `process.stdin.resume();process.stdin.on('end',()=>{process.stderr.write(Object.keys(process.env).filter(n=>n.startsWith('INPUT_')).join(',')+'|');process.exit(1)})`
      const logger = recordingLogger()
      const signer = new CommandSigner({ argv: [process.execPath, '-e', printEnv] }, logger)
      await expect(signer.sign(Buffer.alloc(32))).rejects.toThrow(/exited with code 1/)
      expect(logger.text()).toContain('signer-command: |')
    } finally {
      delete process.env.TEST_SIGNER_KEY
      delete process.env['INPUT_CAPGO-TOKEN']
    }
  })

  it.each([
    ['a failing command', ['false'], 'signer_command_failed', /signer-command: false exited with code 1/],
    ['a program that does not exist', ['/nope/signer'], 'signer_command_missing', /signer-command: signer not found/],
    ['a signature of the wrong size', [process.execPath, 'SCRIPT', 'short'], 'signer_command_output', /wrote 255 bytes on stdout/],
    [
      'a DigestInfo-wrapped signature (openssl dgst -sign)',
      ['openssl', 'dgst', '-sha256', '-sign', 'KEYFILE'],
      'signature_invalid',
      /does not verify with public key/,
    ],
    [
      'a signature by another key',
      ['openssl', 'pkeyutl', '-sign', '-inkey', 'OTHERKEY', '-pkeyopt', 'rsa_padding_mode:pkcs1'],
      'signature_invalid',
      /does not verify/,
    ],
  ])(
    'refuses %s in the plan with one line',
    async (_, command, code, message) => {
      const { project, keyFile, script } = await projectWithKey()
      const otherKey = join(project, 'other.pem')
      await writeFile(otherKey, keyPair(1).privatePem)
      process.env.TEST_SIGNER_KEY = privatePem
      try {
        const error = await bundleErrorOf(
          run(
            project,
            command.map((arg) => arg.replace('OTHERKEY', otherKey).replace('KEYFILE', keyFile).replace('SCRIPT', script)),
          ),
        )
        expect(error.code).toBe(code)
        expect(error.input).toBe('signer-command')
        expect(error.message).toMatch(message)
        expect(error.message).not.toContain('\n')
      } finally {
        delete process.env.TEST_SIGNER_KEY
      }
    },
    60_000,
  )

  it('needs a public key from somewhere: public-key, or the capacitor config', async () => {
    const project = await makeProject({})
    const error = await bundleErrorOf(run(project, ['openssl', 'version']))
    expect(error.code).toBe('public_key_missing')
    expect(error.input).toBe('public-key')
  })

  it('signer key: public-key must be the public half of private-key; the signer output says key', async () => {
    const project = await makeProject({ publicKey: publicPem })
    const base = { storage: 'local', 'output-dir': join(project, 'out'), 'private-key': privatePem }
    const ok = await runFromInputs(
      inputsFrom({ ...base, 'public-key': publicPem }),
      recordingLogger(),
      { GITHUB_WORKSPACE: project },
      project,
    )
    expect(outputsOf(ok.result).signer).toBe('key')
    const error = await bundleErrorOf(
      runFromInputs(inputsFrom({ ...base, 'public-key': keyPair(1).publicPem }), recordingLogger(), { GITHUB_WORKSPACE: project }, project),
    )
    expect(error.code).toBe('public_key_mismatch')
    expect(error.input).toBe('public-key')
    const stray = await bundleErrorOf(
      runFromInputs(inputsFrom({ ...base, 'gcp-kms-key': 'x' }), recordingLogger(), { GITHUB_WORKSPACE: project }, project),
    )
    expect(stray.message).toBe('gcp-kms-key is set but signer is key; set signer: gcp-kms, or remove gcp-kms-key.')
  })

  it('stops a command that hangs', async () => {
    const signer = new CommandSigner({ argv: ['sleep', '30'], timeoutMs: 200 }, recordingLogger())
    const error = await bundleErrorOf(signer.sign(Buffer.alloc(32)))
    expect(error.code).toBe('signer_command_timeout')
  })

  it('parses lines and signatures', () => {
    expect(parseCommandLines('openssl\n  pkeyutl \r\n\n-sign\n')).toEqual(['openssl', 'pkeyutl', '-sign'])
    const sig = Buffer.alloc(256, 7)
    expect(decodeSignature(sig)).toEqual(sig)
    expect(decodeSignature(Buffer.from(sig.toString('hex').toUpperCase() + '\n'))).toEqual(sig)
    expect(decodeSignature(Buffer.from(sig.toString('base64')))).toEqual(sig)
    expect(decodeSignature(Buffer.from('x'.repeat(300)))).toBeUndefined()
  })

  it('checkedSign refuses a DigestInfo signature from any signer', async () => {
    const key = createPrivateKey(privatePem)
    const signer = {
      kind: 'command' as const,
      description: 'test',
      input: 'signer-command',
      sign: async (data: Buffer) => digestSign('sha256', data, key),
      publicKey: async () => undefined,
    }
    const error = await bundleErrorOf(checkedSign({ signer, publicPem, keyId: 'x' }, Buffer.alloc(32, 1)))
    expect(error.code).toBe('signature_invalid')
  })
})
