import { createReadStream, createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { BundleError } from '../errors.js'
import type { Logger, PackedBundle, S3StorageSettings } from '../types.js'
import type { StorageBackend } from './backend.js'
import { isRetryableStatus, isTransientNetworkError, networkCode } from './http.js'
import { originOf } from './public-url.js'
import { defaultRetry, withRetry } from './retry.js'
import { endpointBase, endpointOf, planS3Location, type S3Location } from './s3-settings.js'
import { verifyStoredCopy, withTempFile } from './verify-stored.js'

/** Knobs tests and the benchmark turn; production uses the defaults. */
export interface S3StorageOptions {
  retry?: { attempts: number; baseDelayMs: number }
  /** Bytes per multipart part; at least 5 MiB (S3's minimum for all parts but the last). */
  partSize?: number
  /** Parts in flight at once. */
  queueSize?: number
  /** Socket inactivity limit per request. */
  requestTimeoutMs?: number
  connectionTimeoutMs?: number
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
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000
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

function createClient(settings: S3StorageSettings, endpoint: URL | undefined, options: S3StorageOptions): S3Client {
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
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
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
function addRetry(client: S3Client, bucket: string, retry: { attempts: number; baseDelayMs: number }, logger: Logger): void {
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
      })
    },
    { step: 'initialize', name: 'capgoBundleRetry', priority: 'high' },
  )
}

/**
 * An S3-compatible bucket (AWS, R2, MinIO, Spaces, B2). The object is
 * uploaded from the encrypted file in parts, so memory stays flat, and is
 * never replaced unless `overwrite`: a registered bundle must not change
 * under its signed checksum. The settings passed `checkSettings`
 * (s3-settings.ts) in the plan.
 */
export async function createS3Storage(settings: S3StorageSettings, logger: Logger, options: S3StorageOptions = {}): Promise<StorageBackend<PackedBundle>> {
  maskCredentials(settings, logger)
  const endpoint = endpointOf(settings)
  const { bucket } = settings
  const client = createClient(settings, endpoint, options)
  addRetry(client, bucket, options.retry ?? defaultRetry, logger)
  const where = endpoint ? `endpoint ${originOf(endpoint.href)}` : `AWS region ${settings.region}`

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
      await client.send(new HeadBucketCommand({ Bucket: bucket }))
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
  async function storedSize(key: string): Promise<number | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
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
    if (!settings.overwrite) {
      throw new BundleError(
        'object_exists',
        `${location.uri} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the object, or set overwrite: true.`,
        'overwrite',
      )
    }
    logger.info(`${location.uri} exists (${existing} bytes) and overwrite is true: it will be replaced`)
  }

  async function abortMultipart(uploadId: string | undefined, location: S3Location): Promise<'none' | 'aborted' | 'failed'> {
    if (!uploadId) return 'none'
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: location.key, UploadId: uploadId }))
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
      return (await storedSize(key)) === undefined ? 'absent' : 'present'
    } catch {
      return 'unknown'
    }
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
    try {
      await upload.done()
    } catch (error) {
      const abort = await abortMultipart(upload.uploadId, location)
      throw await uploadFailure(error, location, upload.uploadId, abort)
    } finally {
      body.destroy()
    }
  }

  async function confirmStored(bundle: PackedBundle, location: S3Location): Promise<void> {
    let size: number | undefined
    try {
      size = await storedSize(location.key)
    } catch (error) {
      throw new BundleError('s3_confirm_failed', `Uploaded ${location.uri} but could not confirm it: ${explain(error, 'HeadObject', location).message} Nothing was registered; delete ${location.uri} or run again.`)
    }
    if (size !== bundle.bundleSize) {
      throw new BundleError(
        'stored_bundle_invalid',
        `${location.uri} holds ${size ?? 'no'} bytes after the upload instead of ${bundle.bundleSize}; devices would fail the checksum. Nothing was registered; delete ${location.uri} and run again.`,
      )
    }
  }

  async function download(key: string, file: string): Promise<void> {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    if (!Body) throw new Error(`GetObject returned no body for ${key}`)
    await pipeline(Body as Readable, createWriteStream(file))
  }

  async function verifyStored(bundle: PackedBundle, location: S3Location): Promise<void> {
    await withTempFile(bundle.fileName, async (file) => {
      await withRetry(() => download(location.key, file), {
        ...(options.retry ?? defaultRetry),
        logger,
        what: `Downloading ${location.uri} to verify it`,
        retryable: isRetryableS3Error,
      }).catch((error: unknown) => {
        throw new BundleError('s3_verify_failed', `Could not download ${location.uri} to verify it: ${describeS3Error(error)}. Nothing was registered; delete ${location.uri} or run again.`)
      })
      await verifyStoredCopy(file, bundle, { label: location.uri, cleanup: `delete ${location.uri} and run again.` }, logger)
    })
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
      logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${location.uri} at ${where}`)
      await uploadObject(bundle, location)
      await confirmStored(bundle, location)
      if (settings.verifyUpload) await verifyStored(bundle, location)
      return { key: location.key, url: location.url }
    },
  }
}
