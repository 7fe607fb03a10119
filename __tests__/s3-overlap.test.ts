import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { appendFile, mkdir, open, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { RunGuard } from '../src/cleanup.js'
import { BundleError } from '../src/errors.js'
import { GrowingFile } from '../src/publish/early.js'
import { createS3Storage } from '../src/publish/s3.js'
import { inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'
import {
  faults,
  makeBundle,
  startFaultProxy,
  startS3Server,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  type FaultProxy,
  type S3TestServer,
  proxiedS3Settings,
} from './support/s3-server.js'

/** What the mocked verify does before (or instead of) the real one; set per test. */
const hooks: { beforeVerify?: () => Promise<void> } = {}

vi.mock('../src/bundle/verify.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/bundle/verify.js')>()
  return {
    ...real,
    verifyBundle: async (...args: Parameters<typeof real.verifyBundle>) => {
      await hooks.beforeVerify?.()
      return real.verifyBundle(...args)
    },
  }
})

const MiB = 1024 * 1024
let s3: S3TestServer
let proxy: FaultProxy
let testNumber = 0

beforeAll(async () => {
  s3 = await startS3Server()
  proxy = await startFaultProxy(s3.endpoint)
}, 30_000)

afterAll(async () => {
  await proxy?.stop()
  await s3?.stop()
  await removeTempDirs()
})

beforeEach(() => {
  testNumber += 1
  hooks.beforeVerify = undefined
  proxy.requests.length = 0
  proxy.setFault(() => 'pass')
})

/** Waits (polling the server's view) until `condition` holds; a bound, not a measurement. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`never happened: ${what}`)
}

const partsStored = () => proxy.requests.filter((r) => r.operation === 'UploadPart' && r.status === 200).length
const seen = (operation: string) => proxy.requests.some((r) => r.operation === operation)

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

/** A project whose build holds `bytes` of random (incompressible) data, and the run's inputs for storage s3 through the proxy. */
async function s3Project(bytes: number, extra: Record<string, string> = {}) {
  const { privatePem, publicPem } = keyPair()
  const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
  await mkdir(join(workspace, 'www', 'assets'), { recursive: true })
  await writeFile(join(workspace, 'www', 'assets', 'blob.bin'), randomBytes(bytes))
  const key = `o${testNumber}/{appId}/{version}.zip`
  const values = {
    'private-key': privatePem,
    storage: 's3',
    's3-bucket': s3.bucket,
    's3-endpoint': proxy.endpoint,
    's3-region': 'us-east-1',
    's3-access-key-id': TEST_ACCESS_KEY_ID,
    's3-secret-access-key': TEST_SECRET_ACCESS_KEY,
    's3-key': key,
    'allow-insecure-public-url': 'true',
    'output-dir': join(workspace, 'out'),
    ...extra,
  }
  const objectKey = key.replace('{appId}', 'com.example.test').replace('{version}', '1.0.0')
  return { workspace, values, objectPath: s3.objectPath(objectKey) }
}

async function run(project: Awaited<ReturnType<typeof s3Project>>, guard = new RunGuard()) {
  const { runFromInputs } = await import('../src/pipeline.js')
  const logger = recordingLogger()
  const result = runFromInputs(inputsFrom(project.values), logger, { GITHUB_WORKSPACE: project.workspace }, project.workspace, guard)
  return { result, logger }
}

describe('S3 upload overlapped with packing (issue 14)', () => {
  it('sends parts before verify finishes and completes only after it; the object is the packed file byte for byte', async () => {
    const project = await s3Project(18 * MiB)
    let atVerify: { parts: number; complete: boolean; object: boolean } | undefined
    hooks.beforeVerify = async () => {
      // Verify holds until the server has stored a part: a pipeline that uploads only after verify never gets here.
      await until(() => partsStored() > 0, 'a part stored before verify finished')
      atVerify = { parts: partsStored(), complete: seen('CompleteMultipartUpload'), object: await exists(project.objectPath) }
    }
    const { result, logger } = await run(project)
    const { result: done } = await result
    expect(atVerify).toMatchObject({ complete: false, object: false })
    expect(atVerify?.parts).toBeGreaterThan(0)
    // Complete comes last among the writes, once, and nothing is left open.
    const writes = proxy.requests
      .filter((r) => ['PutObject', 'UploadPart', 'CompleteMultipartUpload', 'CreateMultipartUpload'].includes(r.operation))
      .map((r) => r.operation)
    expect(writes.at(-1)).toBe('CompleteMultipartUpload')
    expect(writes.filter((w) => w === 'CompleteMultipartUpload')).toHaveLength(1)
    expect(writes).not.toContain('PutObject')
    expect(await s3.pendingUploads()).toEqual([])
    // What the sequential path would upload is the packed file itself.
    expect(await sha256(project.objectPath)).toBe(await sha256(done.bundle.path))
    const { verifyBundle } = await import('../src/bundle/verify.js')
    await verifyBundle({
      file: project.objectPath,
      ivSessionKey: done.bundle.ivSessionKey,
      checksum: done.bundle.checksum,
      publicKey: done.bundle.publicKey ?? '',
    })
    expect(logger.text()).toMatch(/Uploading to s3:\/\/\S+ while packing/)
    expect(logger.text()).toMatch(/completing the upload now that the bundle is verified/)
  }, 120_000)

  it('a part cut off mid-body, or answered 500, is sent again from a fresh stream; the object is still the packed file byte for byte', async () => {
    const project = await s3Project(18 * MiB)
    const dropOnce = faults.dropFirstUploadOnce()
    const failThirdOnce = faults.failPartOnce(3)
    proxy.setFault((request, history) => {
      const dropped = dropOnce(request, history)
      return dropped === 'pass' ? failThirdOnce(request, history) : dropped
    })
    const warn = vi.spyOn(console, 'warn')
    const { result, logger } = await run(project)
    const { result: done } = await result
    const attempts = proxy.requests.filter((r) => r.operation === 'UploadPart')
    expect(attempts.filter((r) => r.fault === 'drop')).toHaveLength(1)
    expect(attempts.filter((r) => r.partNumber === 3 && r.status === 500)).toHaveLength(1)
    expect(logger.text()).toMatch(/UploadPart part \d+ of s3:\/\/\S+ failed \(.*\); retry 1 of 3/)
    expect(await sha256(project.objectPath)).toBe(await sha256(done.bundle.path))
    expect(await s3.pendingUploads()).toEqual([])
    // The SDK's own warning about a failed streamed request goes to the debug log, not the console.
    expect(warn.mock.calls.flat().join('\n')).not.toMatch(/non-retryable streaming/)
    warn.mockRestore()
  }, 120_000)

  it('a verify failure aborts the upload: no object, no open multipart upload', async () => {
    const project = await s3Project(12 * MiB)
    hooks.beforeVerify = async () => {
      await until(() => partsStored() > 0, 'a part stored before verify finished')
      throw new BundleError('verify_failed', 'Injected: the bundle does not verify.')
    }
    const { result } = await run(project)
    await expect(result).rejects.toMatchObject({ code: 'verify_failed' })
    expect(seen('AbortMultipartUpload')).toBe(true)
    expect(seen('CompleteMultipartUpload')).toBe(false)
    expect(await s3.pendingUploads()).toEqual([])
    expect(await exists(project.objectPath)).toBe(false)
  }, 120_000)

  it('a cancel while parts are in the air aborts the upload and says so', async () => {
    const project = await s3Project(12 * MiB)
    const guard = new RunGuard()
    let report = ''
    hooks.beforeVerify = async () => {
      await until(() => partsStored() > 0, 'a part stored before verify finished')
      report = await guard.cancel('SIGINT')
      guard.throwIfCancelled()
    }
    const { result } = await run(project, guard)
    await expect(result).rejects.toMatchObject({ code: 'cancelled' })
    expect(report).toMatch(/aborted the multipart upload to s3:\/\//)
    expect(seen('CompleteMultipartUpload')).toBe(false)
    expect(await s3.pendingUploads()).toEqual([])
    expect(await exists(project.objectPath)).toBe(false)
  }, 120_000)

  it('a bundle of one part waits for verify and goes as a single PUT', async () => {
    const project = await s3Project(1 * MiB)
    const { result } = await run(project)
    const { result: done } = await result
    expect(seen('CreateMultipartUpload')).toBe(false)
    expect(proxy.requests.filter((r) => r.operation === 'PutObject')).toHaveLength(1)
    expect(await sha256(project.objectPath)).toBe(await sha256(done.bundle.path))
  }, 60_000)

  it('a key made from the checksum ({sha256}) is known only after packing, so that upload stays sequential', async () => {
    const project = await s3Project(8 * MiB, { 's3-key': `o-sha${testNumber}/{sha256}.zip` })
    let partsAtVerify = -1
    hooks.beforeVerify = async () => {
      partsAtVerify = partsStored()
    }
    const { result } = await run(project)
    await result
    expect(partsAtVerify).toBe(0)
    expect(seen('CompleteMultipartUpload')).toBe(true)
  }, 60_000)

  it('a dozen parts in flight add no MaxListenersExceededWarning: each request gets a signal of its own, linked to the upload', async () => {
    const dir = await tempDir('overlap-listeners-')
    // 13 parts, all written before the upload starts, so 12 requests can be in the air at once.
    const { bundle } = await makeBundle(dir, 61 * MiB)
    const settings = proxiedS3Settings(s3, proxy, `l${testNumber}/{appId}_{version}.zip`)
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
    process.on('warning', onWarning)
    try {
      const backend = await createS3Storage(settings, recordingLogger(), { retry: { attempts: 3, baseDelayMs: 5 }, queueSize: 12 })
      const file = new GrowingFile()
      file.opened(bundle.path)
      file.end(bundle.bundleSize)
      const upload = backend.startEarly?.(
        { appId: bundle.appId, version: bundle.version, fileName: bundle.fileName, estimatedBytes: bundle.bundleSize },
        file,
      )
      expect(upload).toBeDefined()
      await backend.check(bundle)
      await backend.put(bundle)
      file.close()
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([])
      expect(await sha256(s3.objectPath(`l${testNumber}/${bundle.appId}_${bundle.version}.zip`))).toBe(await sha256(bundle.path))
    } finally {
      process.off('warning', onWarning)
    }
  }, 120_000)

  it('streams parts from the growing file: each byte once, a part at most per stream, parts sent before the file is complete', async () => {
    const dir = await tempDir('overlap-')
    // A real encrypted bundle, replayed into a growing file the way packBundle writes it.
    const { bundle } = await makeBundle(dir, 13 * MiB)
    const settings = proxiedS3Settings(s3, proxy, `g${testNumber}/{appId}_{version}.zip`, { verifyUpload: true })
    const backend = await createS3Storage(settings, recordingLogger(), { retry: { attempts: 3, baseDelayMs: 5 } })
    const reads: number[] = []
    const file = new GrowingFile()
    const realStream = file.stream.bind(file)
    file.stream = (position, length) => {
      reads.push(length)
      return realStream(position, length)
    }
    const upload = backend.startEarly?.(
      { appId: bundle.appId, version: bundle.version, fileName: bundle.fileName, estimatedBytes: bundle.bundleSize },
      file,
    )
    expect(upload).toBeDefined()
    const partial = join(dir, 'growing.partial')
    await writeFile(partial, '')
    file.opened(partial)
    const source = await open(bundle.path, 'r')
    const chunk = Buffer.alloc(256 * 1024)
    let written = 0
    const writeUpTo = async (limit: number) => {
      while (written < limit) {
        const { bytesRead } = await source.read(chunk, 0, Math.min(chunk.length, limit - written), written)
        await appendFile(partial, chunk.subarray(0, bytesRead))
        written += bytesRead
        file.flushed(written)
      }
    }
    await writeUpTo(11 * MiB)
    // Two parts of 5 MiB are in the file: they reach the server while the file is still growing.
    await until(() => partsStored() >= 2, 'two parts stored while the file grows')
    expect(await s3.pendingUploads()).toHaveLength(1)
    await writeUpTo(bundle.bundleSize)
    await source.close()
    file.end(bundle.bundleSize)
    await backend.check(bundle)
    await backend.put(bundle)
    file.close()
    expect(Math.max(...reads)).toBeLessThanOrEqual(5 * MiB)
    expect(reads.reduce((sum, n) => sum + n, 0)).toBe(bundle.bundleSize)
    expect(await sha256(s3.objectPath(`g${testNumber}/${bundle.appId}_${bundle.version}.zip`))).toBe(await sha256(bundle.path))
    expect(await s3.pendingUploads()).toEqual([])
    expect(await readdir(dir)).toContain('growing.partial')
  }, 120_000)
})
