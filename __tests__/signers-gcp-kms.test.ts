// signer gcp-kms against a loopback Cloud KMS (and STS token endpoint) holding a local key, with Workload Identity
// Federation credentials read by google-auth-library: the action end to end, the request shape, and each refusal.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { runAction } from '../scripts/lib/run-action.mjs'
import { verifyBundle } from '../src/bundle/verify.js'
import { outputsOf, runFromInputs } from '../src/pipeline.js'
import { crc32c, GcpKmsSigner } from '../src/signers/gcp-kms.js'
import { bundleErrorOf, inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'
import { ACCESS_TOKEN, KMS_KEY, startKms, type KmsStandIn } from './support/kms-server.js'
import { officialCli } from './support/official-cli.js'

const { privatePem, publicPem } = keyPair()
let kms: KmsStandIn
const originalCredentials = process.env.GOOGLE_APPLICATION_CREDENTIALS

beforeAll(async () => {
  kms = await startKms(privatePem)
  // What google-github-actions/auth writes for Workload Identity Federation: an external_account file.
  const dir = await tempDir('capgo-gcp-')
  await writeFile(join(dir, 'oidc-token'), 'github-oidc-jwt')
  const credentials = {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/github/providers/github',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${kms.url}/token`,
    credential_source: { file: join(dir, 'oidc-token') },
  }
  await writeFile(join(dir, 'credentials.json'), JSON.stringify(credentials))
  process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'credentials.json')
})

afterAll(async () => {
  if (originalCredentials === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS
  else process.env.GOOGLE_APPLICATION_CREDENTIALS = originalCredentials
  await kms.close()
  await removeTempDirs()
})

beforeEach(() => {
  kms.behaviour = {}
  kms.signRequests.length = 0
})
afterEach(() => {
  kms.behaviour = {}
})

const run = (project: string, extra: Record<string, string> = {}, logger = recordingLogger()) =>
  runFromInputs(
    inputsFrom({
      storage: 'local',
      'output-dir': join(project, 'out'),
      signer: 'gcp-kms',
      'gcp-kms-key': KMS_KEY,
      'gcp-kms-endpoint': kms.url,
      ...extra,
    }),
    logger,
    { GITHUB_WORKSPACE: project },
    project,
  )

describe('signer gcp-kms', () => {
  it.each(['v3', 'v2'] as const)(
    'signs through asymmetricSign; device-equivalent verify and the official decrypt accept the bundle (%s)',
    async (format) => {
      const project = await makeProject({
        publicKey: publicPem,
        updaterVersion: format === 'v3' ? '8.1.0' : '7.2.0',
        updaterRange: format === 'v3' ? '^8.1.0' : '^7.2.0',
      })
      const logger = recordingLogger()
      const { result } = await run(project, {}, logger)
      expect(outputsOf(result).signer).toBe('gcp-kms')
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

      // The request shape: data (never digest) with its CRC32C, the token from the STS exchange, masked.
      expect(kms.signRequests.length).toBe(3) // the plan's test signature, the session key, the checksum
      for (const { body, authorization } of kms.signRequests) {
        expect(Object.keys(body).sort()).toEqual(['data', 'dataCrc32c'])
        expect(body.dataCrc32c).toBe(String(crc32c(Buffer.from(body.data as string, 'base64'))))
        expect(authorization).toBe(`Bearer ${ACCESS_TOKEN}`)
      }
      expect(Buffer.from(kms.signRequests[2].body.data as string, 'base64').length).toBe(format === 'v3' ? 32 : 48)
      expect(logger.secrets).toContain(ACCESS_TOKEN)
      expect(logger.text()).not.toContain(ACCESS_TOKEN)
    },
    60_000,
  )

  it('takes the public key from Cloud KMS when the config has none', async () => {
    const project = await makeProject({})
    const { result } = await run(project)
    expect(result.bundle.publicKey).toBe(publicPem)
  })

  it.each([
    [
      'a key of another algorithm',
      { algorithm: 'RSA_SIGN_PKCS1_2048_SHA256' },
      'gcp_kms_algorithm',
      /is RSA_SIGN_PKCS1_2048_SHA256; .* RSA_SIGN_RAW_PKCS1_2048/,
    ],
    ['a missing permission', { forbidden: true }, 'gcp_kms_permission', /roles\/cloudkms\.signerVerifier .*cloudkms\.expertRawPKCS1/],
    ['a signature damaged in transit', { badSignatureCrc: true }, 'gcp_kms_corrupted', /signatureCrc32c does not match/],
    ['data KMS did not confirm', { unverifiedData: true }, 'gcp_kms_corrupted', /verifiedDataCrc32c/],
    ['a DigestInfo signature', { digestInfo: true }, 'signature_invalid', /does not verify with public key/],
  ])('refuses %s in the plan with one line', async (_, behaviour, code, message) => {
    kms.behaviour = behaviour
    const project = await makeProject({ publicKey: publicPem })
    const error = await bundleErrorOf(run(project))
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('\n')
    expect(error.message).not.toContain(ACCESS_TOKEN)
  })

  it('retries a 503 and succeeds', async () => {
    kms.behaviour = { unavailable: 1 }
    const signer = new GcpKmsSigner({ key: KMS_KEY, endpoint: kms.url }, recordingLogger())
    expect((await signer.sign(Buffer.alloc(32, 2))).length).toBe(256)
  })

  it('gives up on a Cloud KMS that does not answer, after bounded attempts', async () => {
    const signer = new GcpKmsSigner({ key: KMS_KEY, endpoint: kms.url, timeoutMs: 1000, attempts: 2 }, recordingLogger())
    await signer.publicKey() // the access token and the key's algorithm, before Cloud KMS stops answering
    kms.behaviour = { hang: true }
    const error = await bundleErrorOf(signer.sign(Buffer.alloc(32, 3)))
    expect(error.code).toBe('gcp_kms_unavailable')
    expect(error.message).toMatch(/signing failed after 2 attempts \(no answer within 1 s\)/)
    expect(kms.signRequests.length).toBe(2)
  })

  it.each([
    [
      'a key that is not a key version',
      { 'gcp-kms-key': 'projects/p/locations/l/keyRings/r/cryptoKeys/k' },
      'gcp-kms-key',
      'gcp_kms_key_invalid',
    ],
    ['an http endpoint that is not loopback', { 'gcp-kms-endpoint': 'http://kms.example.com' }, 'gcp-kms-endpoint', 'input_not_url'],
    ['a pkcs11 input with signer gcp-kms', { 'pkcs11-module': '/x.so' }, 'signer', 'signer_input_conflict'],
  ])('refuses %s before any request', async (_, extra, input, code) => {
    const project = await makeProject({ publicKey: publicPem })
    const error = await bundleErrorOf(run(project, extra))
    expect(error.code).toBe(code)
    expect(error.input).toBe(input)
    expect(kms.signRequests.length).toBe(0)
  })

  it('works from dist/index.js as a runner runs it (the signer is a lazily loaded chunk)', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const inputs = { signer: 'gcp-kms', 'gcp-kms-key': KMS_KEY, 'gcp-kms-endpoint': kms.url, storage: 'local' }
    const env = { GOOGLE_APPLICATION_CREDENTIALS: process.env.GOOGLE_APPLICATION_CREDENTIALS! }
    const result = (await runAction(inputs, { workspace, env, summary: true })) as {
      code: number
      stdout: string
      outputs: Record<string, string>
      summary: string
    }
    expect(result.stdout).not.toContain('::error::')
    expect(result.code).toBe(0)
    expect(result.outputs.signer).toBe('gcp-kms')
    expect(result.summary).toContain(`gcp-kms: Cloud KMS ${KMS_KEY}`)
    expect(result.stdout).toContain(`::add-mask::${ACCESS_TOKEN}`)
    expect(result.stdout.split('\n').filter((line) => line.includes(ACCESS_TOKEN) && !line.startsWith('::add-mask::'))).toEqual([])
    await verifyBundle({
      file: result.outputs['bundle-path'],
      ivSessionKey: result.outputs.ivSessionKey,
      checksum: result.outputs.checksum,
      publicKey: publicPem,
    })
  }, 60_000)

  it('is loaded only when chosen: the bundled action and CLI entry points hold no google-auth-library code', async () => {
    for (const entry of ['../dist/index.js', '../dist/cli/index.js']) {
      const text = await readFile(new URL(entry, import.meta.url), 'utf8')
      expect(text).not.toContain('GoogleAuthExceptionMessages')
    }
  })

  it('computes CRC32C (Castagnoli) as Cloud KMS does', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
    expect(crc32c(Buffer.alloc(0))).toBe(0)
  })
})
