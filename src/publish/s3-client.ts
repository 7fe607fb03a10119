import { Readable } from 'node:stream'
import { HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { withRequestSignal } from '../abort.js'
import { BundleError } from '../errors.js'
import type { CancelGuard, Logger, Network, S3StorageSettings } from '../types.js'
import { isRetryableStatus, isTimeout, isTransientNetworkError, networkCode, seconds } from './http.js'
import type { ProgressClock } from '../progress.js'
import { originOf } from './public-url.js'
import { defaultRetry, withRetry } from './retry.js'
import { endpointBase, endpointOf, type S3Location } from './s3-settings.js'

/*
 * The S3 backend's shared parts: options, clients and their middleware, the
 * reading of SDK errors, and the context every other s3-*.ts part works in.
 */

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
export const MIN_PART_SIZE = 5 * MiB
export const MAX_PARTS = 10_000
/**
 * The S3 minimum. lib-storage buffers every part in flight and copies it once
 * while slicing the stream, so each concurrent part costs about twice its
 * size until GC. Measured on 500 MB (scripts/bench-upload.ts, bundled, plain
 * node): 8 MiB parts peaked at 136-157 MB, 5 MiB parts at 129 MB, with the same
 * throughput on loopback. 10,000 parts are needed only past 48 GB.
 */
export const DEFAULT_PART_SIZE = MIN_PART_SIZE
/**
 * 4 parts in flight peaked ~30 MB higher than 2 with the same throughput on
 * loopback; two still overlap one part's round trip with the next.
 */
export const DEFAULT_QUEUE_SIZE = 2
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

export function errorShape(error: unknown): SdkErrorShape {
  return error && typeof error === 'object' ? (error as SdkErrorShape) : {}
}

export function statusOf(error: unknown): number | undefined {
  return errorShape(error).$metadata?.httpStatusCode
}

/** One readable line for an SDK failure; SDK messages hold neither keys nor signatures. */
export function describeS3Error(error: unknown): string {
  const { name, message } = errorShape(error)
  const status = statusOf(error)
  const code = networkCode(error)
  const label = code ?? (name && name !== 'Error' ? name : undefined)
  const head = [label, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ')
  const text = message && message !== name && message !== 'UnknownError' ? message : ''
  return [head, text].filter(Boolean).join(': ') || String(error)
}

export function isUnreachable(error: unknown): boolean {
  const code = networkCode(error)
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EPROTO)$/.test(code)) return true
  const { name } = errorShape(error)
  return name === 'TimeoutError' || /certificate|self.signed/i.test(errorShape(error).message ?? '')
}

export function isRetryableS3Error(error: unknown): boolean {
  if (isTransientNetworkError(error)) return true
  const status = statusOf(error)
  if (status !== undefined && isRetryableStatus(status)) return true
  return RETRYABLE_S3_ERRORS.includes(errorShape(error).name ?? '')
}

export function isNotFound(error: unknown): boolean {
  const { name } = errorShape(error)
  return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey'
}

/** Masks before anything could print; the key id too, as configure-aws-credentials does. */
export function maskCredentials(settings: S3StorageSettings, logger: Logger): void {
  if (settings.secretAccessKey) logger.secret(settings.secretAccessKey)
  if (settings.accessKeyId) logger.secret(settings.accessKeyId)
}

function credentialsOf(settings: S3StorageSettings): S3ClientConfig['credentials'] {
  const { accessKeyId, secretAccessKey } = settings
  // Undefined selects the SDK's default chain: env, web identity (OIDC), profiles, instance roles.
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
}

/**
 * The SDK's own warnings, as debug lines. Without a logger it prints them to
 * the console, e.g. "An error was encountered in a non-retryable streaming
 * request." for a failed streamed part, which its sender retries anyway
 * (s3-multipart.ts). Only warnings: its other messages describe whole
 * requests, and every failure reaches our own error handling anyway.
 */
function sdkLogger(logger: Logger): NonNullable<S3ClientConfig['logger']> {
  const say = (...content: unknown[]) =>
    logger.debug(`S3 SDK: ${content.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}`)
  return { debug: () => undefined, info: () => undefined, warn: say, error: () => undefined }
}

function createClient(
  settings: S3StorageSettings,
  endpoint: URL | undefined,
  options: S3StorageOptions,
  timeoutMs: number,
  logger: Logger,
): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: endpoint ? endpointBase(endpoint) : undefined,
    forcePathStyle: settings.forcePathStyle,
    credentials: credentialsOf(settings),
    // Our retry layer (withRetry, logged) is the only one: SDK retries on top would multiply attempts silently.
    maxAttempts: 1,
    logger: sdkLogger(logger),
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

export function describeCommand(commandName: string | undefined, input: Record<string, unknown>, uri: string): string {
  const operation = (commandName ?? 'S3 request').replace(/Command$/, '')
  return typeof input.PartNumber === 'number' ? `${operation} part ${input.PartNumber} of ${uri}` : `${operation} ${uri}`
}

/**
 * Retries each S3 request (one part, not the whole upload) at the start of
 * the middleware stack, so every attempt is serialised and signed afresh.
 * GetObject is left to its caller, which retries around the body stream too.
 */
function addRetry(
  client: S3Client,
  bucket: string,
  retry: { attempts: number; baseDelayMs: number },
  logger: Logger,
  signal?: AbortSignal,
): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'GetObjectCommand') return next(args)
      const input = args.input as Record<string, unknown>
      // A streamed body is spent by one attempt: its sender retries with a fresh stream (s3-multipart.ts).
      if (input.Body instanceof Readable) return next(args)
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
      if (request.body instanceof Uint8Array && request.body.byteLength > WRITE_CHUNK_BYTES)
        request.body = Readable.from(slices(request.body), { objectMode: false })
      return next(args)
    },
    { step: 'deserialize', name: 'capgoBundleChunkedBody', priority: 'low' },
  )
}

/** What one S3 backend works with; every part of the backend (check, upload, verify, discard) takes it. */
export interface S3Context {
  settings: S3StorageSettings
  bucket: string
  endpoint: URL | undefined
  /** How messages name the service: the endpoint's origin or the AWS region. */
  where: string
  logger: Logger
  options: S3StorageOptions
  guard: CancelGuard
  timeoutMs: number
  retry: { attempts: number; baseDelayMs: number }
  /** The run's client: its requests stop when the run is cancelled. */
  client: S3Client
  /** Clean-up requests run after a cancel too, when the run's signal has aborted: their own client, one retry. */
  cleanupClient: S3Client
  /**
   * Runs one request of the run's client (its answer's body included) with
   * the send options that stop it when the run is cancelled: an abort signal
   * of its own, linked to the run's (withRequestSignal).
   */
  cancellable<T>(request: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T>
  /** Keys whose object existed before this run (overwrite: true): never deleted by a clean-up. */
  replacing: Set<string>
}

/** Masks the credentials, then builds both clients. The settings passed `checkSettings` (s3-settings.ts) in the plan. */
export function openS3Context(settings: S3StorageSettings, logger: Logger, options: S3StorageOptions, network: Network): S3Context {
  maskCredentials(settings, logger)
  const endpoint = endpointOf(settings)
  const { bucket } = settings
  const { guard } = network
  const timeoutMs = options.requestTimeoutMs ?? network.requestTimeoutMs
  const retry = options.retry ?? defaultRetry
  const client = createClient(settings, endpoint, options, timeoutMs, logger)
  addRetry(client, bucket, retry, logger, guard.signal)
  addChunkedBodies(client)
  const cleanupClient = createClient(settings, endpoint, options, timeoutMs, logger)
  addRetry(cleanupClient, bucket, { attempts: 2, baseDelayMs: retry.baseDelayMs }, logger)
  const where = endpoint ? `endpoint ${originOf(endpoint.href)}` : `AWS region ${settings.region}`
  return {
    settings,
    bucket,
    endpoint,
    where,
    logger,
    options,
    guard,
    timeoutMs,
    retry,
    client,
    cleanupClient,
    cancellable: (request) => withRequestSignal(guard.signal, (abortSignal) => request({ abortSignal })),
    replacing: new Set<string>(),
  }
}

/** The stored object's size, or undefined when there is none. */
export async function storedSize(ctx: S3Context, key: string, via = ctx.client): Promise<number | undefined> {
  try {
    const command = new HeadObjectCommand({ Bucket: ctx.bucket, Key: key })
    const head = via === ctx.client ? await ctx.cancellable((options) => via.send(command, options)) : await via.send(command)
    return head.ContentLength ?? 0
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/** Turns a failed read-only request into a message that names the input to change. */
export function explain(ctx: S3Context, error: unknown, operation: string, location: S3Location): BundleError {
  const { settings, bucket, endpoint, where, timeoutMs, retry } = ctx
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
      ? new BundleError(
          's3_unreachable',
          `Cannot reach the S3 endpoint ${originOf(endpoint.href)} (${detail}); check s3-endpoint.`,
          's3-endpoint',
        )
      : new BundleError(
          's3_unreachable',
          `Cannot reach S3 in region ${settings.region} (${detail}); check s3-region, or set s3-endpoint for a non-AWS service.`,
          's3-region',
        )
  }
  if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
    const actual = errorShape(error).$response?.headers?.['x-amz-bucket-region']
    return new BundleError(
      's3_region',
      `Bucket "${bucket}" is not in region ${settings.region}${actual ? ` but in ${actual}` : ''}; set s3-region${actual ? `: ${actual}` : ''}.`,
      's3-region',
    )
  }
  if (name === 'InvalidAccessKeyId') {
    return new BundleError(
      's3_credentials',
      `The S3 service at ${where} does not know the access key in s3-access-key-id (${detail}).`,
      's3-access-key-id',
    )
  }
  if (name === 'SignatureDoesNotMatch') {
    return new BundleError(
      's3_credentials',
      `The S3 service at ${where} rejected the request signature: s3-secret-access-key does not belong to s3-access-key-id.`,
      's3-secret-access-key',
    )
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
