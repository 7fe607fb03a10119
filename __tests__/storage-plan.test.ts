import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BundleError } from '../src/errors.js'
import { runFromInputs } from '../src/pipeline.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs } from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()
/** Never contacted: every case must stop in the plan. Loopback, so a regression cannot reach a real service. */
const NOWHERE = 'http://127.0.0.1:9'
const S3 = {
  storage: 's3',
  's3-bucket': 'bundles',
  's3-endpoint': NOWHERE,
  's3-access-key-id': 'AKIATEST',
  's3-secret-access-key': 'secret-test',
  'allow-insecure-public-url': 'true',
}
const URL_STORAGE = {
  storage: 'url',
  'upload-url': `${NOWHERE}/upload?sig=abcdefgh12345678`,
  'public-url': 'https://cdn.example.com/{appId}/{version}.zip',
}
const CAPGO = { storage: 'capgo', 'capgo-token': 'token-for-plan-tests', 'capgo-api-url': NOWHERE, 'capgo-files-url': NOWHERE }

/** [case, inputs, input the error must name, code] */
const misconfigurations: [string, Record<string, string>, string, string][] = [
  ['s3 without a bucket', { ...S3, 's3-bucket': '' }, 's3-bucket', 's3_bucket_missing'],
  ['s3-region auto without s3-endpoint', { ...S3, 's3-endpoint': '', 's3-region': 'auto' }, 's3-endpoint', 's3_endpoint'],
  ['s3-endpoint carrying credentials', { ...S3, 's3-endpoint': 'http://user:pass@127.0.0.1:9' }, 's3-endpoint', 'url_credentials'],
  ['s3-endpoint carrying a query', { ...S3, 's3-endpoint': 'http://127.0.0.1:9/?x=1' }, 's3-endpoint', 's3_endpoint'],
  ['s3-endpoint that is not a URL', { ...S3, 's3-endpoint': 'minio:9000' }, 's3-endpoint', 'input_not_url'],
  ['only s3-access-key-id', { ...S3, 's3-secret-access-key': '' }, 's3-secret-access-key', 'input_conflict'],
  ['only s3-secret-access-key', { ...S3, 's3-access-key-id': '' }, 's3-access-key-id', 'input_conflict'],
  ['an s3-key placeholder typo', { ...S3, 's3-key': '{versoin}.zip' }, 's3-key', 'template_placeholder'],
  ['an s3-key starting with /', { ...S3, 's3-key': '/{version}.zip' }, 's3-key', 'key_invalid'],
  [
    'an s3 public-url placeholder typo',
    { ...S3, 'public-url': 'https://cdn.example.com/{bucket}/{key}' },
    'public-url',
    'template_placeholder',
  ],
  [
    'an http s3 public-url',
    { ...S3, 'allow-insecure-public-url': 'false', 'public-url': 'http://cdn.example.com/{key}' },
    'public-url',
    'public_url_insecure',
  ],
  ['an s3 public-url that is not a URL', { ...S3, 'public-url': 'cdn.example.com/{key}' }, 'public-url', 'public_url_invalid'],
  [
    'the http default public URL of an http s3-endpoint',
    { ...S3, 'allow-insecure-public-url': 'false' },
    'public-url',
    'public_url_insecure',
  ],
  [
    'an R2 endpoint without public-url',
    { ...S3, 's3-region': 'auto', 's3-endpoint': 'https://0123abcd.r2.cloudflarestorage.com' },
    'public-url',
    'public_url_missing',
  ],
  ['url without upload-url', { ...URL_STORAGE, 'upload-url': '' }, 'upload-url', 'upload_url_missing'],
  ['an upload-url that is not a URL', { ...URL_STORAGE, 'upload-url': 'upload?sig=abcdefgh12345678' }, 'upload-url', 'upload_url_invalid'],
  ['an ftp upload-url', { ...URL_STORAGE, 'upload-url': 'ftp://127.0.0.1/x?sig=abcdefgh12345678' }, 'upload-url', 'upload_url_invalid'],
  ['url without public-url', { ...URL_STORAGE, 'public-url': '' }, 'public-url', 'public_url_missing'],
  [
    'a url public-url placeholder typo',
    { ...URL_STORAGE, 'public-url': 'https://cdn.example.com/{bucket}/{version}.zip' },
    'public-url',
    'template_placeholder',
  ],
  ['an http url public-url', { ...URL_STORAGE, 'public-url': 'http://cdn.example.com/{version}.zip' }, 'public-url', 'public_url_insecure'],
  ['capgo without a token', { ...CAPGO, 'capgo-token': '' }, 'capgo-token', 'token_missing'],
  [
    'an http capgo-api-url off this machine',
    { ...CAPGO, 'capgo-api-url': 'http://capgo.example.com' },
    'capgo-api-url',
    'capgo_url_insecure',
  ],
  [
    'an http capgo-files-url off this machine',
    { ...CAPGO, 'capgo-files-url': 'http://files.example.com' },
    'capgo-files-url',
    'capgo_url_insecure',
  ],
  ['a capgo-api-url with a query', { ...CAPGO, 'capgo-api-url': 'https://api.example.com/?x=1' }, 'capgo-api-url', 'capgo_url_invalid'],
  [
    'an http capgo-supabase-url off this machine',
    { ...CAPGO, 'capgo-supabase-url': 'http://capgo.internal:8000' },
    'capgo-supabase-url',
    'capgo_url_insecure',
  ],
  [
    's3 registering with an http capgo-files-url',
    { ...S3, 'capgo-token': 'token-for-plan-tests', 'capgo-files-url': 'http://files.example.com' },
    'capgo-files-url',
    'capgo_url_insecure',
  ],
  [
    'url registering with an http capgo-api-url',
    { ...URL_STORAGE, 'capgo-token': 'token-for-plan-tests', 'capgo-api-url': 'http://capgo.example.com' },
    'capgo-api-url',
    'capgo_url_insecure',
  ],
]

describe('every storage misconfiguration stops the action before packing', () => {
  for (const [name, values, input, code] of misconfigurations) {
    it(name, async () => {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
      const outputDir = join(workspace, 'bundle-out')
      const logger = recordingLogger()
      const error = await runFromInputs(
        inputsFrom({ 'private-key': privatePem, 'output-dir': outputDir, ...values }),
        logger,
        { GITHUB_WORKSPACE: workspace },
        workspace,
      ).then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(BundleError)
      expect(error).toMatchObject({ code, input })
      expect((error as BundleError).message.split('\n')).toHaveLength(1)
      // The plan logs "Bundling ..." when it is done and the pipeline "Packed ..." after packing: neither may appear.
      expect(logger.lines.map((line) => line.message).filter((message) => /^(Bundling|Packed) /.test(message))).toEqual([])
      expect(await readdir(outputDir).catch(() => [])).toEqual([])
    })
  }

  it('a register: false run does not hold custom storage to the Capgo URL rules', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
    const values = {
      ...URL_STORAGE,
      'capgo-token': 'token-for-plan-tests',
      'capgo-api-url': 'http://capgo.example.com',
      register: 'false',
      'dry-run': 'true',
    }
    const logger = recordingLogger()
    const { result } = await runFromInputs(
      inputsFrom({ 'private-key': privatePem, 'output-dir': join(workspace, 'out'), ...values }),
      logger,
      { GITHUB_WORKSPACE: workspace },
      workspace,
    )
    expect(result.publish.destination).toMatch(/^dry run: url /)
    expect(logger.lines.some((line) => line.message.startsWith('Packed '))).toBe(true)
  })
})
