import { createReadStream, createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { standaloneNetwork } from '../cleanup.js'
import { BundleError } from '../errors.js'
import type { Logger, Network, PackedBundle, S3StorageSettings, UndoResult } from '../types.js'
import type { EarlyTarget, GrowingSource, StorageBackend } from './backend.js'
import { isRetryableStatus, isTimeout, isTransientNetworkError, networkCode, seconds } from './http.js'
import { startProgress, type ProgressClock } from '../progress.js'
import { originOf } from './public-url.js'
import { defaultRetry, withRetry } from './retry.js'
import { S3OverlappedMultipart } from './s3-multipart.js'
import { endpointBase, endpointOf, planS3Location, type S3Location } from './s3-settings.js'
import { verifyStoredCopy, withTempFile } from './verify-stored.js'

/** Knobs tests and the benchmark turn; production uses the defaults. */
export interface S3StorageOptions {
  retry?: { attempts: number; baseDelayMs: number }
  /** Bytes per multipart part; at least 5 MiB (S3's minimum for all parts but the last). */
  partSize?: number
  /** Parts in flight at once. */
  queueSize?: number
  /** Time without progress per request; default: the run's request-timeout. */
  requestTimeoutMs?: number
  connectionTimeoutMs?: number
  /** For the progress line; tests pass a fake one. */
  clock?: ProgressClock
}

const MiB = 1024 * 1024
const MIN_PART_SIZE = 5 * MiB
const MAX_PARTS = 10_000
/**
 * The S3 minimum. lib-storage buffers every part in flight and copies it once
 * while slicing the stream, so each concurrent part costs about twice its
 * size until GC. Measured on 500 MB (scripts/bench-upload.ts, bundled, plain
 * node): 8 MiB parts peaked at 136-157 MB, 5 MiB parts at 129 MB, with the same
 * throughput on loopback. 10,000 parts are needed only past 48 GB.
 */
const DEFAULT_PART_SIZE = MIN_PART_SIZE
/**
 * 4 parts in flight peaked ~30 MB higher than 2 with the same throughput on
 * loopback; two still overlap one part's round trip with the next.
 */
const DEFAULT_QUEUE_SIZE = 2
/**
 * The SDK's requestTimeout is a deadline until the answer's headers, not a
 * measure of progress: it only backstops a server that trickles forever, at
 * this rate over a whole part. Progress is the socket timeout (request-timeout).
 */
const BACKSTOP_BYTES_PER_SECOND = 16 * 1024
const RETRYABLE_S3_ERRORS = ['RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown', 'InternalError', 'ServiceUnavailable']

/** What the SDK's errors carry, read defensively: not every failure is a ServiceException. */
interface SdkErrorShape {
  name?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  $response?: { headers?: Record<string, string | undefined> }
}

function errorShape(error: unknown): SdkErrorShape {
  return error && typeof error === 'object' ? (error as SdkErrorShape) : {}
}

function statusOf(error: unknown): number | undefined {
  return errorShape(error).$metadata?.httpStatusCode
}

/** One readable line for an SDK failure; SDK messages hold neither keys nor signatures. */
function describeS3Error(error: unknown): string {
  const { name, message } = errorShape(error)
  const status = statusOf(error)
  const code = networkCode(error)
  const label = code ?? (name && name !== 'Error' ? name : undefined)
  const head = [label, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ')
  const text = message && message !== name && message !== 'UnknownError' ? message : ''
  return [head, text].filter(Boolean).join(': ') || String(error)
}

function isUnreachable(error: unknown): boolean {
  const code = networkCode(error)
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EPROTO)$/.test(code)) return true
  const { name } = errorShape(error)
  return name === 'TimeoutError' || /certificate|self.signed/i.test(errorShape(error).message ?? '')
}

function isRetryableS3Error(error: unknown): boolean {
  if (isTransientNetworkError(error)) return true
  const status = statusOf(error)
  if (status !== undefined && isRetryableStatus(status)) return true
  return RETRYABLE_S3_ERRORS.includes(errorShape(error).name ?? '')
}

function isNotFound(error: unknown): boolean {
  const { name } = errorShape(error)
  return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey'
}

/** Masks before anything could print; the key id too, as configure-aws-credentials does. */
function maskCredentials(settings: S3StorageSettings, logger: Logger): void {
  if (settings.secretAccessKey) logger.secret(settings.secretAccessKey)
  if (settings.accessKeyId) logger.secret(settings.accessKeyId)
}

function credentialsOf(settings: S3StorageSettings): S3ClientConfig['credentials'] {
  const { accessKeyId, secretAccessKey } = settings
  // Undefined selects the SDK's default chain: env, web identity (OIDC), profiles, instance roles.
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
}

function createClient(settings: S3StorageSettings, endpoint: URL | undefined, options: S3StorageOptions, timeoutMs: number): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: endpoint ? endpointBase(endpoint) : undefined,
    forcePathStyle: settings.forcePathStyle,
    credentials: credentialsOf(settings),
    // Our retry layer (withRetry, logged) is the only one: SDK retries on top would multiply attempts silently.
    maxAttempts: 1,
    // Several S3-compatible services reject or mishandle the checksum headers
    // the SDK sends by default since 3.729; AWS itself keeps those checks.
    requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    requestHandler: {
      // request-timeout, measured on progress: no byte written or read on the socket for this long ends the request.
      socketTimeout: timeoutMs,
      connectionTimeout: options.connectionTimeoutMs ?? timeoutMs,
      requestTimeout: timeoutMs + Math.ceil(((options.partSize ?? DEFAULT_PART_SIZE) / BACKSTOP_BYTES_PER_SECOND) * 1000),
      // Without it the SDK only logs a warning when requestTimeout passes, and waits on.
      throwOnRequestTimeout: true,
    },
  })
}

function describeCommand(commandName: string | undefined, input: Record<string, unknown>, uri: string): string {
  const operation = (commandName ?? 'S3 request').replace(/Command$/, '')
  return typeof input.PartNumber === 'number' ? `${operation} part ${input.PartNumber} of ${uri}` : `${operation} ${uri}`
}

/**
 * Retries each S3 request (one part, not the whole upload) at the start of
 * the middleware stack, so every attempt is serialised and signed afresh.
 * GetObject is left to its caller, which retries around the body stream too.
 */
function addRetry(client: S3Client, bucket: string, retry: { attempts: number; baseDelayMs: number }, logger: Logger, signal?: AbortSignal): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'GetObjectCommand') return next(args)
      const input = args.input as Record<string, unknown>
      const uri = `s3://${bucket}${typeof input.Key === 'string' ? `/${input.Key}` : ''}`
      return withRetry(() => next(args), {
        ...retry,
        logger,
        what: describeCommand(context.commandName, input, uri),
        retryable: isRetryableS3Error,
        signal,
      })
    },
    { step: 'initialize', name: 'capgoBundleRetry', priority: 'high' },
  )
}

/** Writes of this size let the socket time-out see progress: Node refreshes it per write, not while one big buffer drains. */
const WRITE_CHUNK_BYTES = 64 * 1024

function* slices(buffer: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < buffer.byteLength; at += WRITE_CHUNK_BYTES) {
    yield Buffer.from(buffer.buffer, buffer.byteOffset + at, Math.min(WRITE_CHUNK_BYTES, buffer.byteLength - at))
  }
}

/**
 * lib-storage hands each part over as one Buffer, which the SDK writes in one
 * go: a slow but moving upload of a 5 MiB part would then look like silence
 * to the socket time-out. Just before sending (after signing, which hashed
 * the Buffer), the body becomes a stream of 64 KiB writes.
 */
function addChunkedBodies(client: S3Client): void {
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { body?: unknown }
      if (request.body instanceof Uint8Array && request.body.byteLength > WRITE_CHUNK_BYTES) request.body = Readable.from(slices(request.body), { objectMode: false })
      return next(args)
    },
    { step: 'deserialize', name: 'capgoBundleChunkedBody', priority: 'low' },
  )
}

/**
 * An S3-compatible bucket (AWS, R2, MinIO, Spaces, B2). The object is
 * uploaded from the encrypted file in parts, so memory stays flat, and is
 * never replaced unless `overwrite`: a registered bundle must not change
 * under its signed checksum. The settings passed `checkSettings`
 * (s3-settings.ts) in the plan.
 */
export async function createS3Storage(
  settings: S3StorageSettings,
  logger: Logger,
  options: S3StorageOptions = {},
  network: Network = standaloneNetwork(),
): Promise<StorageBackend<PackedBundle>> {
  maskCredentials(settings, logger)
  const endpoint = endpointOf(settings)
  const { bucket } = settings
  const { guard } = network
  const timeoutMs = options.requestTimeoutMs ?? network.requestTimeoutMs
  const retry = options.retry ?? defaultRetry
  const client = createClient(settings, endpoint, options, timeoutMs)
  addRetry(client, bucket, retry, logger, guard.signal)
  addChunkedBodies(client)
  // Clean-up requests run after a cancel too, when the run's signal has aborted: their own client, one retry.
  const cleanupClient = createClient(settings, endpoint, options, timeoutMs)
  addRetry(cleanupClient, bucket, { attempts: 2, baseDelayMs: retry.baseDelayMs }, logger)
  const send = { abortSignal: guard.signal }
  const where = endpoint ? `endpoint ${originOf(endpoint.href)}` : `AWS region ${settings.region}`
  /** Keys whose object existed before this run (overwrite: true): never deleted by a clean-up. */
  const replacing = new Set<string>()

  const locate = (bundle: PackedBundle): S3Location => planS3Location(settings, bundle)

  /** Turns a failed read-only request into a message that names the input to change. */
  function explain(error: unknown, operation: string, location: S3Location): BundleError {
    if (error instanceof BundleError) return error
    const { name } = errorShape(error)
    const status = statusOf(error)
    const detail = describeS3Error(error)
    if (name === 'CredentialsProviderError') {
      return new BundleError(
        's3_credentials',
        'No AWS credentials found: set s3-access-key-id and s3-secret-access-key, or run aws-actions/configure-aws-credentials (OIDC) before this step.',
        's3-access-key-id',
      )
    }
    if (isTimeout(error) && status === undefined) {
      const input = endpoint ? 's3-endpoint' : 's3-region'
      return new BundleError(
        's3_timeout',
        `S3 ${operation} on ${location.uri} at ${where} made no progress for ${seconds(timeoutMs)} (request-timeout), ${retry.attempts} attempts; check ${input} or raise request-timeout.`,
        input,
      )
    }
    if (isUnreachable(error) && status === undefined) {
      return endpoint
        ? new BundleError('s3_unreachable', `Cannot reach the S3 endpoint ${originOf(endpoint.href)} (${detail}); check s3-endpoint.`, 's3-endpoint')
        : new BundleError('s3_unreachable', `Cannot reach S3 in region ${settings.region} (${detail}); check s3-region, or set s3-endpoint for a non-AWS service.`, 's3-region')
    }
    if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
      const actual = errorShape(error).$response?.headers?.['x-amz-bucket-region']
      return new BundleError('s3_region', `Bucket "${bucket}" is not in region ${settings.region}${actual ? ` but in ${actual}` : ''}; set s3-region${actual ? `: ${actual}` : ''}.`, 's3-region')
    }
    if (name === 'InvalidAccessKeyId') {
      return new BundleError('s3_credentials', `The S3 service at ${where} does not know the access key in s3-access-key-id (${detail}).`, 's3-access-key-id')
    }
    if (name === 'SignatureDoesNotMatch') {
      return new BundleError('s3_credentials', `The S3 service at ${where} rejected the request signature: s3-secret-access-key does not belong to s3-access-key-id.`, 's3-secret-access-key')
    }
    if (status === 403) {
      return new BundleError(
        's3_access_denied',
        `S3 refused ${operation} on ${location.uri} (${detail}); the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and s3:AbortMultipartUpload on bucket "${bucket}".`,
        's3-access-key-id',
      )
    }
    return new BundleError('s3_failed', `S3 ${operation} on ${location.uri} at ${where} failed: ${detail}.`)
  }

  async function checkBucket(location: S3Location): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }), send)
    } catch (error) {
      // HeadBucket needs s3:ListBucket; without it, HeadObject below still tells whether we may write.
      if (statusOf(error) === 403) {
        logger.debug(`HeadBucket ${bucket} was refused (403); relying on HeadObject`)
        return
      }
      if (isNotFound(error) || errorShape(error).name === 'NoSuchBucket') {
        throw new BundleError('s3_bucket_missing', `Bucket "${bucket}" does not exist at ${where}; check s3-bucket (and s3-region / s3-endpoint).`, 's3-bucket')
      }
      throw explain(error, 'HeadBucket', location)
    }
  }

  /** The stored object's size, or undefined when there is none. */
  async function storedSize(key: string, via = client): Promise<number | undefined> {
    try {
      const head = await via.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), via === client ? send : {})
      return head.ContentLength ?? 0
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async function checkObject(location: S3Location): Promise<void> {
    let existing: number | undefined
    try {
      existing = await storedSize(location.key)
    } catch (error) {
      if (statusOf(error) === 403 && settings.overwrite) {
        logger.warning(`Cannot tell whether ${location.uri} exists (HeadObject refused); overwrite is true, so uploading anyway.`)
        return
      }
      throw explain(error, 'HeadObject', location)
    }
    if (existing === undefined) return
    replacing.add(location.key)
    if (!settings.overwrite) {
      throw new BundleError(
        'object_exists',
        `${location.uri} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the object, or set overwrite: true.`,
        'overwrite',
      )
    }
    logger.info(`${location.uri} exists (${existing} bytes) and overwrite is true: it will be replaced`)
  }

  async function abortMultipart(uploadId: string | undefined, location: S3Location, signal?: AbortSignal): Promise<'none' | 'aborted' | 'failed'> {
    if (!uploadId) return 'none'
    try {
      await cleanupClient.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: location.key, UploadId: uploadId }), { abortSignal: signal })
      logger.info(`Aborted the multipart upload to ${location.uri}; its parts are deleted`)
      return 'aborted'
    } catch (error) {
      logger.warning(`Could not abort the multipart upload to ${location.uri}: ${describeS3Error(error)}`)
      return 'failed'
    }
  }

  /** Best effort: whether an object sits at the key after a failure. */
  async function leftoverAt(key: string): Promise<'present' | 'absent' | 'unknown'> {
    try {
      return (await storedSize(key, cleanupClient)) === undefined ? 'absent' : 'present'
    } catch {
      return 'unknown'
    }
  }

  /**
   * Deletes the object this run stored when nothing will refer to it, or
   * says why it stays. An object that replaced an earlier one (overwrite:
   * true) is never deleted: that would remove what the earlier one served.
   */
  async function discardObject(location: S3Location, signal?: AbortSignal): Promise<UndoResult> {
    if (replacing.has(location.key)) {
      return { left: `${location.uri} holds this run's bundle, registered nowhere (overwrite: true replaced the object that was there; re-upload or register that one)` }
    }
    try {
      await cleanupClient.send(new DeleteObjectCommand({ Bucket: bucket, Key: location.key }), { abortSignal: signal })
      logger.info(`Deleted ${location.uri} again: nothing refers to it`)
      return { cleaned: `deleted ${location.uri} again` }
    } catch (error) {
      return {
        left: `${location.uri} stays, registered nowhere (deleting it failed: ${describeS3Error(error)}): delete it (aws s3 rm ${location.uri}) before running again, or set overwrite: true`,
      }
    }
  }

  /** The end of a message after a failure past the upload: what happened to the object, and what to do. */
  async function afterStoredFailure(location: S3Location): Promise<string> {
    const outcome = await discardObject(location)
    return outcome.cleaned ? `Nothing was registered and ${outcome.cleaned}; fix the cause and run again.` : `Nothing was registered; ${outcome.left}.`
  }

  async function uploadFailure(error: unknown, location: S3Location, uploadId: string | undefined, abort: 'none' | 'aborted' | 'failed'): Promise<BundleError> {
    const cleanup: string[] = []
    if (abort === 'failed' && uploadId) {
      cleanup.push(
        `abort the incomplete multipart upload (aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId}) or let a lifecycle rule expire it`,
      )
    }
    const leftover = await leftoverAt(location.key)
    if (leftover === 'present') {
      cleanup.push(`delete ${location.uri} unless it is a bundle you registered before${settings.overwrite ? ' (overwrite was true, so it may be the previous object)' : ''}`)
    }
    if (leftover === 'unknown') cleanup.push(`check whether ${location.uri} exists and delete it if so`)
    const after = cleanup.length ? `To clean up: ${cleanup.join('; ')}.` : 'No object was written.'

    if (statusOf(error) === 412 || errorShape(error).name === 'PreconditionFailed') {
      return new BundleError(
        'object_exists',
        `${location.uri} appeared while uploading (another run of the same version?) and was not replaced. Nothing was registered. ${after}`,
        'overwrite',
      )
    }
    const explained = error instanceof BundleError || statusOf(error) === 403 || isUnreachable(error) ? explain(error, 'upload', location) : undefined
    const reason = explained ? explained.message : `${describeS3Error(error)}.`
    return new BundleError('s3_upload_failed', `Uploading the bundle to ${location.uri} failed: ${reason} Nothing was registered. ${after}`, explained?.input)
  }

  async function uploadObject(bundle: PackedBundle, location: S3Location): Promise<void> {
    const body = createReadStream(bundle.path)
    const upload = new Upload({
      client,
      queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
      partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil(bundle.bundleSize / MAX_PARTS)),
      // We abort ourselves, so a failed abort can be reported with its upload id.
      leavePartsOnError: true,
      params: {
        Bucket: bucket,
        Key: location.key,
        Body: body,
        ContentLength: bundle.bundleSize,
        ContentType: 'application/zip',
        CacheControl: settings.cacheControl || undefined,
        // Closes the race between check() and upload on services with conditional writes (AWS, R2, MinIO).
        IfNoneMatch: settings.overwrite ? undefined : '*',
      },
    })
    const stop = () => void upload.abort().catch(() => undefined)
    guard.signal.addEventListener('abort', stop, { once: true })
    // Cancelled mid-upload: abort the multipart upload (its parts are billed until then), and remove the object if it was just completed.
    const dropUndo = guard.add(`the upload to ${location.uri}`, async (signal) => {
      const uploadId = upload.uploadId
      const abort = await abortMultipart(uploadId, location, signal)
      if (abort === 'failed') {
        return { left: `the multipart upload ${uploadId} to ${location.uri} (abort it: aws s3api abort-multipart-upload --bucket ${bucket} --key ${location.key} --upload-id ${uploadId})` }
      }
      const present = (await storedSize(location.key, cleanupClient).catch(() => undefined)) !== undefined
      const object = present ? await discardObject(location, signal) : {}
      if (abort === 'aborted') return { cleaned: [`aborted the multipart upload to ${location.uri}`, object.cleaned].filter(Boolean).join(', '), left: object.left }
      return object
    })
    const progress = startProgress(`Uploading to ${location.uri}`, { bytes: bundle.bundleSize }, (line) => logger.info(line), options.clock)
    let loaded = 0
    upload.on('httpUploadProgress', (event) => {
      // Cumulative bytes of finished parts; the reporter counts increments.
      if (event.loaded !== undefined && event.loaded > loaded) {
        progress.add(event.loaded - loaded)
        loaded = event.loaded
      }
    })
    try {
      await upload.done()
    } catch (error) {
      if (guard.signal.aborted) throw guard.signal.reason
      dropUndo()
      // A CompleteMultipartUpload whose answer was lost (a time-out while the server assembles the
      // object) may have succeeded, and a retry of it then fails: an object of exactly our size at a key
      // that was empty before is this upload. confirmStored and verify-upload check it further.
      if (upload.uploadId && !replacing.has(location.key) && (await storedSize(location.key, cleanupClient).catch(() => undefined)) === bundle.bundleSize) {
        logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`)
        return
      }
      const abort = await abortMultipart(upload.uploadId, location)
      throw await uploadFailure(error, location, upload.uploadId, abort)
    } finally {
      guard.signal.removeEventListener('abort', stop)
      progress.done()
      body.destroy()
    }
    dropUndo()
  }

  /** Issue 14: the multipart upload started while packing, if any (s3-multipart.ts); `put` completes it. */
  let overlapped: { key: string; upload: S3OverlappedMultipart } | undefined

  function startOverlapped(target: EarlyTarget, source: GrowingSource): { key: string; upload: S3OverlappedMultipart } | undefined {
    const location = planS3Location(settings, { appId: target.appId, version: target.version, sha256: '0'.repeat(64) })
    // A key made from the content's checksum is known only after packing.
    if (planS3Location(settings, { appId: target.appId, version: target.version, sha256: 'f'.repeat(64) }).key !== location.key) return undefined
    const checked = (async () => {
      await checkBucket(location)
      await checkObject(location)
    })()
    checked.catch(() => undefined)
    const upload = new S3OverlappedMultipart(
      {
        client,
        bucket,
        location,
        // The build's size bounds the bundle's; parts stay within S3's 10,000.
        partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE, Math.ceil((target.estimatedBytes + MiB) / MAX_PARTS)),
        queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
        contentType: 'application/zip',
        cacheControl: settings.cacheControl || undefined,
        ifNoneMatch: settings.overwrite ? undefined : '*',
        checksums: !endpoint,
        checked,
        guard,
        logger,
        abortUpload: (uploadId, signal) => abortMultipart(uploadId, location, signal),
        discardIfPresent: async (signal) => ((await storedSize(location.key, cleanupClient).catch(() => undefined)) !== undefined ? discardObject(location, signal) : {}),
      },
      source,
    )
    return { key: location.key, upload }
  }

  /** Completes the overlapped upload after verify; false when it sent nothing (a one-part bundle). Failures as uploadObject's. */
  async function completeOverlapped(upload: S3OverlappedMultipart, bundle: PackedBundle, location: S3Location): Promise<boolean> {
    try {
      return await upload.complete()
    } catch (error) {
      if (guard.signal.aborted) throw guard.signal.reason
      upload.release()
      // As in uploadObject: a Complete whose answer was lost may have stored the object.
      if (upload.uploadId && !replacing.has(location.key) && (await storedSize(location.key, cleanupClient).catch(() => undefined)) === bundle.bundleSize) {
        logger.info(`${location.uri} holds the whole bundle although the upload reported ${describeS3Error(error)}; carrying on`)
        return true
      }
      const abort = await abortMultipart(upload.uploadId, location)
      throw await uploadFailure(error, location, upload.uploadId, abort)
    }
  }

  async function confirmStored(bundle: PackedBundle, location: S3Location): Promise<void> {
    let size: number | undefined
    try {
      size = await storedSize(location.key)
    } catch (error) {
      if (guard.signal.aborted) throw guard.signal.reason
      const reason = explain(error, 'HeadObject', location).message
      throw new BundleError('s3_confirm_failed', `Uploaded ${location.uri} but could not confirm it: ${reason} ${await afterStoredFailure(location)}`)
    }
    if (size !== bundle.bundleSize) {
      throw new BundleError(
        'stored_bundle_invalid',
        `${location.uri} holds ${size ?? 'no'} bytes after the upload instead of ${bundle.bundleSize}; devices would fail the checksum. ${await afterStoredFailure(location)}`,
      )
    }
  }

  async function download(key: string, file: string): Promise<void> {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), send)
    if (!Body) throw new Error(`GetObject returned no body for ${key}`)
    await pipeline(Body as Readable, createWriteStream(file))
  }

  async function verifyStored(bundle: PackedBundle, location: S3Location): Promise<void> {
    await withTempFile(
      bundle.fileName,
      async (file) => {
        try {
          await withRetry(() => download(location.key, file), { ...retry, logger, what: `Downloading ${location.uri} to verify it`, retryable: isRetryableS3Error, signal: guard.signal })
        } catch (error) {
          if (guard.signal.aborted) throw error
          const reason = isTimeout(error) ? explain(error, 'GetObject', location).message : `${describeS3Error(error)}.`
          throw new BundleError('s3_verify_failed', `Could not download ${location.uri} to verify it: ${reason} ${await afterStoredFailure(location)}`)
        }
        await verifyStoredCopy(file, bundle, { label: location.uri }, logger).catch(async (error: unknown) => {
          if (!(error instanceof BundleError) || error.code !== 'stored_bundle_invalid') throw error
          throw new BundleError(error.code, `${error.message} ${await afterStoredFailure(location)}`, error.input)
        })
      },
      guard,
    )
  }

  return {
    async check(bundle) {
      const location = locate(bundle)
      await checkBucket(location)
      await checkObject(location)
      return { key: location.key, url: location.url }
    },

    async put(bundle) {
      const location = locate(bundle)
      const early = overlapped?.key === location.key ? overlapped.upload : undefined
      overlapped = undefined
      if (!early || !(await completeOverlapped(early, bundle, location))) {
        await early?.withdraw()
        logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${location.uri} at ${where}`)
        await uploadObject(bundle, location)
      }
      // Stored but not yet confirmed: a cancel now deletes it again (publish takes over once put returns).
      const dropUndo = guard.add(`the object ${location.uri}`, (signal) => discardObject(location, signal))
      try {
        await confirmStored(bundle, location)
        if (settings.verifyUpload) await verifyStored(bundle, location)
      } finally {
        if (!guard.signal.aborted) dropUndo()
      }
      return { key: location.key, url: location.url, label: location.uri }
    },

    discard(stored, signal) {
      return discardObject({ ...stored, uri: `s3://${bucket}/${stored.key}` }, signal)
    },

    startEarly(target, source) {
      const early = startOverlapped(target, source)
      if (early) overlapped = early
      return early?.upload
    },
  }
}
