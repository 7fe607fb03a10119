import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { verifyBundle } from '../src/bundle/verify.js'
import { BundleError } from '../src/errors.js'
import { createS3Storage, type S3StorageOptions } from '../src/publish/s3.js'
import { checkSettings, planS3Location } from '../src/publish/s3-settings.js'
import type { S3StorageSettings } from '../src/types.js'
import {
  closedPort,
  faults,
  makeBundle,
  recordingLogger,
  startFaultProxy,
  startS3Server,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  type FaultProxy,
  type S3TestServer,
  type TestBundle,
  proxiedS3Settings,
} from './support/s3-server.js'
import { bundleErrorOf } from './support/fixtures.js'

const MiB = 1024 * 1024
/** Short backoff so fault tests stay fast; the production default is 500 ms. */
const FAST: S3StorageOptions = { retry: { attempts: 3, baseDelayMs: 5 } }

let work: string
let s3: S3TestServer
let proxy: FaultProxy
/** ~16 MiB encrypted: four parts at the default 5 MiB part size. */
let large: TestBundle
let small: TestBundle
let testNumber = 0
let keyTemplate: string

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}

/** Settings through the recording proxy; each test gets its own key prefix so objects never collide. */
function settings(overrides: Partial<S3StorageSettings> = {}): S3StorageSettings {
  return proxiedS3Settings(s3, proxy, keyTemplate, overrides)
}

const partsUploaded = () => new Set(proxy.requests.filter((r) => r.operation === 'UploadPart' && r.status === 200).map((r) => r.partNumber))
const writes = () =>
  proxy.requests.filter((r) => ['PutObject', 'UploadPart', 'CreateMultipartUpload', 'CompleteMultipartUpload'].includes(r.operation))

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 's3-storage-test-'))
  s3 = await startS3Server()
  proxy = await startFaultProxy(s3.endpoint)
  large = await makeBundle(work, 16 * MiB)
  small = await makeBundle(work, 64 * 1024, '1.0.1')
}, 30_000)

afterAll(async () => {
  await proxy?.stop()
  await s3?.stop()
  if (work) await rm(work, { recursive: true, force: true })
})

beforeEach(() => {
  testNumber += 1
  keyTemplate = `t${testNumber}/{appId}/{version}/{appId}_{version}.zip`
  proxy.requests.length = 0
  proxy.setFault(() => 'pass')
})

describe('S3 storage against a real S3-compatible server', () => {
  it('uploads a large bundle in parts; the stored object is the encrypted file and verifies like a device', async () => {
    const logger = recordingLogger()
    const storage = await createS3Storage(
      settings({ cacheControl: 'public, max-age=31536000, immutable', verifyUpload: true }),
      logger,
      FAST,
    )
    const key = `t${testNumber}/com.example.app/1.0.0/com.example.app_1.0.0.zip`

    const planned = await storage.check(large.bundle)
    expect(planned).toEqual({ key, url: `${proxy.endpoint}/${s3.bucket}/${key}` })
    expect(writes()).toEqual([])

    const stored = await storage.put(large.bundle)
    expect(stored).toEqual({ ...planned, label: `s3://${s3.bucket}/${key}` })
    expect(large.bundle.bundleSize).toBeGreaterThan(16 * MiB)
    expect(partsUploaded()).toEqual(new Set([1, 2, 3, 4]))
    const create = proxy.requests.find((r) => r.operation === 'CreateMultipartUpload')
    expect(create?.headers['content-type']).toBe('application/zip')
    expect(create?.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(proxy.requests.some((r) => r.operation === 'CompleteMultipartUpload' && r.status === 200)).toBe(true)

    expect(await sha256(s3.objectPath(key))).toBe(await sha256(large.bundle.path))
    const device = await verifyBundle({
      file: s3.objectPath(key),
      ivSessionKey: large.bundle.ivSessionKey,
      checksum: large.bundle.checksum,
      publicKey: large.publicPem,
    })
    expect(device.sha256).toBe(large.bundle.sha256)
    // verify-upload downloaded what was stored and checked it with the public key.
    expect(proxy.requests.some((r) => r.operation === 'GetObject' && r.status === 200)).toBe(true)
    expect(logger.text()).toContain(`Verified the stored copy at s3://${s3.bucket}/${key} like a device`)
  })

  it('uploads a small bundle with one PUT and confirms its size', async () => {
    const storage = await createS3Storage(settings(), recordingLogger(), FAST)
    const stored = await storage.put(small.bundle)
    expect(proxy.requests.map((r) => r.operation)).toEqual(['PutObject', 'HeadObject'])
    expect((await stat(s3.objectPath(stored.key))).size).toBe(small.bundle.bundleSize)
  })

  it('refuses to replace an existing object unless overwrite is true', async () => {
    const first = await createS3Storage(settings(), recordingLogger(), FAST)
    const { key } = await first.put(small.bundle)
    const replacement = await makeBundle(work, 32 * 1024, small.bundle.version)
    proxy.requests.length = 0

    const refused = await bundleErrorOf(first.check(replacement.bundle))
    expect(refused.code).toBe('object_exists')
    expect(refused.input).toBe('overwrite')
    expect(refused.message).toContain(`s3://${s3.bucket}/${key} already exists`)
    expect(writes()).toEqual([])

    const logger = recordingLogger()
    const replacing = await createS3Storage(settings({ overwrite: true }), logger, FAST)
    await replacing.check(replacement.bundle)
    await replacing.put(replacement.bundle)
    expect(await sha256(s3.objectPath(key))).toBe(await sha256(replacement.bundle.path))
    expect(logger.text()).toContain('overwrite is true: it will be replaced')
  })

  it('asks the server not to replace an object (If-None-Match) unless overwrite is true', async () => {
    await (await createS3Storage(settings(), recordingLogger(), FAST)).put(small.bundle)
    const guarded = proxy.requests.find((r) => r.operation === 'PutObject')
    expect(guarded?.headers['if-none-match']).toBe('*')

    proxy.requests.length = 0
    await (await createS3Storage(settings({ overwrite: true }), recordingLogger(), FAST)).put(small.bundle)
    const replacing = proxy.requests.find((r) => r.operation === 'PutObject')
    expect(replacing?.headers['if-none-match']).toBeUndefined()
  })

  it('names s3-bucket when the bucket does not exist', async () => {
    const storage = await createS3Storage(settings({ bucket: 'no-such-bucket' }), recordingLogger(), FAST)
    const error = await bundleErrorOf(storage.check(small.bundle))
    expect(error.code).toBe('s3_bucket_missing')
    expect(error.input).toBe('s3-bucket')
    expect(error.message).toBe(
      `Bucket "no-such-bucket" does not exist at endpoint ${proxy.endpoint}; check s3-bucket (and s3-region / s3-endpoint).`,
    )
  })

  it('names s3-endpoint when nothing answers there, without retrying a refused connection', async () => {
    const port = await closedPort()
    const logger = recordingLogger()
    const storage = await createS3Storage(settings({ endpoint: `http://127.0.0.1:${port}` }), logger, FAST)
    const error = await bundleErrorOf(storage.check(small.bundle))
    expect(error.code).toBe('s3_unreachable')
    expect(error.input).toBe('s3-endpoint')
    expect(error.message).toContain(`Cannot reach the S3 endpoint http://127.0.0.1:${port} (ECONNREFUSED`)
    expect(logger.text()).not.toContain('retry')
  })

  it('names the bucket inputs when the endpoint is a web server but not S3', async () => {
    const web = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'))
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = web.address() as AddressInfo
      const storage = await createS3Storage(settings({ endpoint: `http://127.0.0.1:${port}` }), recordingLogger(), FAST)
      const error = await bundleErrorOf(storage.check(small.bundle))
      expect(error.input).toBe('s3-bucket')
      expect(error.message).toContain(`at endpoint http://127.0.0.1:${port}`)
    } finally {
      web.close()
    }
  })

  it('survives a part answered with 500 by retrying that part alone', async () => {
    proxy.setFault(faults.failPartOnce(2))
    const logger = recordingLogger()
    const storage = await createS3Storage(settings(), logger, FAST)
    const { key } = await storage.put(large.bundle)

    const attemptsAtPart2 = proxy.requests.filter((r) => r.operation === 'UploadPart' && r.partNumber === 2)
    expect(attemptsAtPart2.map((r) => r.status)).toEqual([500, 200])
    expect(proxy.requests.filter((r) => r.operation === 'UploadPart' && r.partNumber === 1)).toHaveLength(1)
    expect(logger.text()).toMatch(new RegExp(`UploadPart part 2 of s3://${s3.bucket}/${key} failed \\(injected fault 500\\); retry 1 of 2`))
    expect(await sha256(s3.objectPath(key))).toBe(await sha256(large.bundle.path))
  })

  it('survives a connection dropped mid-upload', async () => {
    proxy.setFault(faults.dropFirstUploadOnce())
    const logger = recordingLogger()
    const storage = await createS3Storage(settings(), logger, FAST)
    const { key } = await storage.put(large.bundle)

    expect(proxy.requests.filter((r) => r.fault === 'drop')).toHaveLength(1)
    expect(logger.text()).toMatch(/UploadPart part \d of .* failed \(.*\); retry 1 of 2/)
    expect(await sha256(s3.objectPath(key))).toBe(await sha256(large.bundle.path))
  })

  it('survives a dropped connection on a single-PUT upload', async () => {
    proxy.setFault(faults.dropFirstUploadOnce())
    const logger = recordingLogger()
    const { key } = await (await createS3Storage(settings(), logger, FAST)).put(small.bundle)
    expect(proxy.requests.filter((r) => r.operation === 'PutObject').map((r) => r.fault)).toEqual(['drop', 'pass'])
    expect(logger.text()).toMatch(/PutObject s3:\/\/.* failed .*; retry 1 of 2/)
    expect(await sha256(s3.objectPath(key))).toBe(await sha256(small.bundle.path))
  })

  it('ends a server that keeps failing in a clean failure: bounded attempts, multipart aborted, no object', async () => {
    proxy.setFault(faults.failEveryPart(503))
    const logger = recordingLogger()
    const storage = await createS3Storage(settings(), logger, FAST)
    const key = planS3Location(settings(), large.bundle).key

    const error = await bundleErrorOf(storage.put(large.bundle))
    expect(error.code).toBe('s3_upload_failed')
    expect(error.message).toContain(`Uploading the bundle to s3://${s3.bucket}/${key} failed: SlowDown, HTTP 503`)
    expect(error.message).toContain('Nothing was registered. No object was written.')

    const perPart = new Map<number | undefined, number>()
    for (const r of proxy.requests.filter((r) => r.operation === 'UploadPart'))
      perPart.set(r.partNumber, (perPart.get(r.partNumber) ?? 0) + 1)
    expect([...perPart.values()].every((count) => count === 3)).toBe(true)
    expect(proxy.requests.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status)).toEqual([204])
    expect(proxy.requests.some((r) => r.operation === 'CompleteMultipartUpload')).toBe(false)
    expect(await exists(s3.objectPath(key))).toBe(false)
    expect(await s3.pendingUploads()).toEqual([])
    expect(logger.text()).toContain('Aborted the multipart upload')
  })

  it('retries the verify-upload download once per failure, not once per layer', async () => {
    proxy.setFault((request, history) =>
      request.operation === 'GetObject' && !history.some((seen) => seen.operation === 'GetObject') ? { status: 503 } : 'pass',
    )
    const logger = recordingLogger()
    const { key } = await (await createS3Storage(settings({ verifyUpload: true }), logger, FAST)).put(small.bundle)
    expect(proxy.requests.filter((r) => r.operation === 'GetObject').map((r) => r.status)).toEqual([503, 200])
    expect(logger.text()).toContain(`Downloading s3://${s3.bucket}/${key} to verify it failed (injected fault 503); retry 1 of 2`)
    expect(logger.text()).toContain('like a device')
  })

  it('refuses to call an upload done when the stored size differs, deletes the object again, and says so', async () => {
    proxy.setFault((request, history) =>
      request.operation === 'HeadObject' && history.some((seen) => seen.operation === 'PutObject')
        ? { status: 200, headers: { 'content-length': '5', etag: '"short"' } }
        : 'pass',
    )
    const storage = await createS3Storage(settings(), recordingLogger(), FAST)
    const { uri } = planS3Location(settings(), small.bundle)
    const error = await bundleErrorOf(storage.put(small.bundle))
    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toBe(
      `${uri} holds 5 bytes after the upload instead of ${small.bundle.bundleSize}; devices would fail the checksum. Nothing was registered and deleted ${uri} again; fix the cause and run again.`,
    )
    expect(proxy.requests.some((request) => request.operation === 'DeleteObject' && request.status === 204)).toBe(true)
  })

  it('says what to clean up when verify-upload finds a stored copy devices would reject', async () => {
    const other = await makeBundle(work, 1024, '9.9.9')
    const mismatched = { ...small.bundle, publicKey: other.publicPem }
    const storage = await createS3Storage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    const key = planS3Location(settings(), small.bundle).key

    const error = await bundleErrorOf(storage.put(mismatched))
    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toContain(
      `The stored copy at s3://${s3.bucket}/${key} fails verification: devices would reject this bundle (decrypt_fail)`,
    )
    expect(error.message).toContain(`Nothing was registered and deleted s3://${s3.bucket}/${key} again; fix the cause and run again.`)
  })

  // ---- net (issue 8, item 13): the advice after a failed verify-upload works when followed ----
  it('after a failed verify-upload, "run again" works: the object was deleted, so the next run does not hit object_exists', async () => {
    proxy.setFault((request) => (request.operation === 'GetObject' ? { status: 500 } : 'pass'))
    const failing = await createS3Storage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    const { uri } = planS3Location(settings(), small.bundle)
    const error = await bundleErrorOf(failing.put(small.bundle))
    expect(error.code).toBe('s3_verify_failed')
    expect(error.message).toContain(`Nothing was registered and deleted ${uri} again; fix the cause and run again.`)

    proxy.setFault(() => 'pass')
    const again = await createS3Storage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    await expect(again.check(small.bundle)).resolves.toMatchObject({ key: planS3Location(settings(), small.bundle).key })
    await expect(again.put(small.bundle)).resolves.toMatchObject({ label: uri })
  })

  it('when the object cannot be deleted after a failed verify-upload, says exactly what to do before running again', async () => {
    proxy.setFault((request) => (request.operation === 'GetObject' || request.operation === 'DeleteObject' ? { status: 403 } : 'pass'))
    const failing = await createS3Storage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    const { uri } = planS3Location(settings(), small.bundle)
    const error = await bundleErrorOf(failing.put(small.bundle))
    expect(error.message).toContain(`Nothing was registered; ${uri} stays, registered nowhere (deleting it failed: InjectedFault, HTTP 403`)
    expect(error.message).toContain(`delete it (aws s3 rm ${uri}) before running again, or set overwrite: true.`)
  })
  // ---- end net ----

  it('masks the credentials before anything is printed and never prints the secret key', async () => {
    const events: string[] = []
    const logger = recordingLogger()
    const tracking = {
      ...logger,
      secret: (value: string) => (events.push('secret'), logger.secret(value)),
      info: (m: string) => (events.push('info'), logger.info(m)),
    }
    proxy.setFault(faults.failEveryPart())
    const storage = await createS3Storage(settings(), tracking, FAST)
    expect(logger.secrets).toEqual(expect.arrayContaining([TEST_SECRET_ACCESS_KEY, TEST_ACCESS_KEY_ID]))
    expect(events.slice(0, 2)).toEqual(['secret', 'secret'])

    const messages = [
      (await bundleErrorOf(storage.put(large.bundle))).message,
      (await bundleErrorOf((await createS3Storage(settings({ bucket: 'missing-bucket' }), logger, FAST)).check(small.bundle))).message,
    ]
    for (const text of [...messages, logger.text()]) expect(text).not.toContain(TEST_SECRET_ACCESS_KEY)
    expect(logger.text()).toContain('retry 1 of 2')
  })
})

describe('S3 object key and public URL', () => {
  const bundle = { appId: 'com.example.app', version: '1.2.3+build.7', sha256: 'ab'.repeat(32) } as TestBundle['bundle']
  const base: S3StorageSettings = {
    kind: 's3',
    bucket: 'my-bundles',
    region: 'eu-west-1',
    forcePathStyle: false,
    keyTemplate: '{appId}/{version}/{appId}_{version}.zip',
    allowInsecurePublicUrl: false,
    overwrite: false,
    verifyUpload: false,
  }

  it('defaults to the AWS virtual-hosted URL, percent-encoding each key segment', () => {
    expect(planS3Location(base, bundle)).toEqual({
      key: 'com.example.app/1.2.3+build.7/com.example.app_1.2.3+build.7.zip',
      url: 'https://my-bundles.s3.eu-west-1.amazonaws.com/com.example.app/1.2.3%2Bbuild.7/com.example.app_1.2.3%2Bbuild.7.zip',
      uri: 's3://my-bundles/com.example.app/1.2.3+build.7/com.example.app_1.2.3+build.7.zip',
    })
  })

  it('uses path style for dotted bucket names, whose virtual host the AWS certificate does not cover', () => {
    expect(planS3Location({ ...base, bucket: 'cdn.example.com', keyTemplate: '{sha256}.zip' }, bundle).url).toBe(
      `https://s3.eu-west-1.amazonaws.com/cdn.example.com/${'ab'.repeat(32)}.zip`,
    )
  })

  it('puts the bucket in the default URL of a custom endpoint', () => {
    const url = planS3Location({ ...base, endpoint: 'https://minio.example.com:9000/', keyTemplate: 'b/{version}.zip' }, bundle).url
    expect(url).toBe('https://minio.example.com:9000/my-bundles/b/1.2.3%2Bbuild.7.zip')
  })

  it('fills the public-url template with {appId}, {version}, {sha256} and {key}', () => {
    const url = planS3Location({ ...base, publicUrl: 'https://cdn.example.com/{key}?app={appId}&v={version}&h={sha256}' }, bundle).url
    expect(url).toBe(
      `https://cdn.example.com/com.example.app/1.2.3%2Bbuild.7/com.example.app_1.2.3%2Bbuild.7.zip?app=com.example.app&v=1.2.3%2Bbuild.7&h=${'ab'.repeat(32)}`,
    )
  })

  it('refuses an http public URL unless allow-insecure-public-url is set', () => {
    const insecure = { ...base, publicUrl: 'http://cdn.example.com/{key}' }
    expect(() => planS3Location(insecure, bundle)).toThrowError(
      expect.objectContaining({ code: 'public_url_insecure', input: 'public-url' }),
    )
    expect(planS3Location({ ...insecure, allowInsecurePublicUrl: true }, bundle).url).toMatch(/^http:\/\/cdn\.example\.com\//)
  })

  it('refuses the http default URL of an http endpoint, naming public-url', () => {
    const error = (() => {
      try {
        planS3Location({ ...base, endpoint: 'http://minio:9000' }, bundle)
      } catch (caught) {
        return caught as BundleError
      }
    })()
    expect(error?.input).toBe('public-url')
    expect(error?.message).toBe(
      'The default public URL (no public-url given) resolves to http://minio:9000, which is plain http; devices only download bundles over https. Use an https URL (CDN or bucket), or set allow-insecure-public-url: true for tests.',
    )
  })

  it('asks for public-url with R2, whose S3 endpoint devices cannot read', () => {
    const r2 = { ...base, region: 'auto', endpoint: 'https://0123abcd.r2.cloudflarestorage.com' }
    expect(() => planS3Location(r2, bundle)).toThrowError(expect.objectContaining({ code: 'public_url_missing', input: 'public-url' }))
    expect(planS3Location({ ...r2, publicUrl: 'https://pub-1.r2.dev/{key}' }, bundle).url).toMatch(
      /^https:\/\/pub-1\.r2\.dev\/com\.example\.app\//,
    )
  })

  it('names the input with an unknown placeholder, and refuses region auto without an endpoint', () => {
    expect(() => planS3Location({ ...base, keyTemplate: '{appId}/{versoin}.zip' }, bundle)).toThrowError(
      expect.objectContaining({
        code: 'template_placeholder',
        input: 's3-key',
        message: 's3-key uses {versoin}, which is not a placeholder; use {appId}, {version}, {sha256}.',
      }),
    )
    expect(() => planS3Location({ ...base, publicUrl: 'https://cdn/{bucket}/{key}' }, bundle)).toThrowError(
      expect.objectContaining({ input: 'public-url' }),
    )
    expect(() => checkSettings({ ...base, region: 'auto' }, bundle)).toThrowError(expect.objectContaining({ input: 's3-endpoint' }))
  })

  it('refuses half a key pair, naming the missing half', async () => {
    const error = await bundleErrorOf((async () => checkSettings({ ...base, accessKeyId: 'AKIAONLY' }, bundle))())
    expect(error.input).toBe('s3-secret-access-key')
  })
})
