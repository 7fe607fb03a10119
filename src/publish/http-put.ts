import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { pipeline } from 'node:stream/promises'
import { BundleError } from '../errors.js'
import type { Logger, PackedBundle, UrlStorageSettings } from '../types.js'
import { devicePublicUrl, originOf } from './public-url.js'
import { defaultRetry, isRetryableStatus, isTransientNetworkError, withRetry } from './retry.js'
import type { Storage, StoredObject } from './storage.js'
import { verifyStoredCopy, withTempFile } from './verify-stored.js'

/** Knobs tests turn; production uses the defaults. */
export interface HttpPutOptions {
  retry?: { attempts: number; baseDelayMs: number }
  /** Socket inactivity limit per request. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 60_000
const MAX_REDIRECTS = 5
/** Enough of an error body to find an S3-style <Code>; the body itself is never printed. */
const ERROR_BODY_LIMIT = 8 * 1024
const SENSITIVE_HEADER = /authorization|token|secret|key|signature|credential|cookie|session/i
/** Headers the request must own: the body length is the file's, and framing is Node's. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect'])

/** A non-2xx answer; the message carries status and error code only, never the URL. */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
  ) {
    super(`HTTP ${status}${errorCode ? ` ${errorCode}` : ''}`)
    this.name = 'HttpStatusError'
  }
}

function isRetryableHttpError(error: unknown): boolean {
  if (error instanceof HttpStatusError) return isRetryableStatus(error.status)
  return isTransientNetworkError(error)
}

function reasonOf(error: unknown): string {
  if (error instanceof HttpStatusError) return error.message
  const code = (error as { code?: unknown })?.code
  const message = error instanceof Error ? error.message : String(error)
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
}

/**
 * The presigned URL is a credential: mask it whole, its query, and each long
 * query value (signature, credential, security token), in both encodings, as
 * any of them could end up in a message.
 */
function maskUploadTarget(settings: UrlStorageSettings, logger: Logger): void {
  logger.secret(settings.uploadUrl)
  let parsed: URL | undefined
  try {
    parsed = new URL(settings.uploadUrl)
  } catch {
    return
  }
  if (parsed.search.length > 1) logger.secret(parsed.search.slice(1))
  if (parsed.password) logger.secret(parsed.password)
  for (const [, value] of parsed.searchParams) {
    if (value.length < 8) continue
    logger.secret(value)
    if (encodeURIComponent(value) !== value) logger.secret(encodeURIComponent(value))
  }
  for (const [name, value] of Object.entries(settings.headers)) {
    if (value && SENSITIVE_HEADER.test(name)) logger.secret(value)
  }
}

function parseUploadUrl(uploadUrl: string): URL {
  let parsed: URL
  try {
    parsed = new URL(uploadUrl)
  } catch {
    throw new BundleError('upload_url_invalid', 'upload-url is not a URL; give the full presigned https:// URL to PUT the bundle to.', 'upload-url')
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BundleError('upload_url_invalid', `upload-url must be an http:// or https:// URL, not ${parsed.protocol}//.`, 'upload-url')
  }
  return parsed
}

/** Ours win over the user's for framing; the user's win for everything else (a presigned URL may sign content-type). */
function requestHeaders(extra: Record<string, string>, size: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/zip' }
  for (const [name, value] of Object.entries(extra)) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value
  }
  headers['content-length'] = size
  return headers
}

interface Exchange {
  request: ClientRequest
  response: Promise<IncomingMessage>
}

/** Starts a request on a fresh connection, so a retry never reuses a socket the server half-closed. */
function open(url: URL, method: string, headers: OutgoingHttpHeaders, timeoutMs: number): Exchange {
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, agent: false })
  request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' })))
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    // `on`, not `once`: a second error after the first must not go unhandled.
    request.on('error', reject)
  })
  return { request, response }
}

/** Reads a small error body for its S3-style <Code>, then lets the socket go. */
async function errorCodeOf(response: IncomingMessage): Promise<string | undefined> {
  let text = ''
  for await (const chunk of response) {
    if (text.length < ERROR_BODY_LIMIT) text += String(chunk)
  }
  return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1]
}

/** One PUT of the whole file from disk; the stream is opened per attempt so a retry starts at byte 0. */
async function putFile(url: URL, file: string, headers: OutgoingHttpHeaders, timeoutMs: number): Promise<void> {
  const source = createReadStream(file)
  const exchange = open(url, 'PUT', headers, timeoutMs)
  exchange.request.once('close', () => source.destroy())
  source.on('error', (error) => exchange.request.destroy(error))
  source.pipe(exchange.request)
  // A server may answer (e.g. 503) before reading the whole body; that answer is what counts.
  const response = await exchange.response
  if (response.statusCode && response.statusCode >= 200 && response.statusCode < 300) {
    response.resume()
    return
  }
  throw new HttpStatusError(response.statusCode ?? 0, await errorCodeOf(response))
}

/** GET to a file, following redirects as devices do. */
async function downloadFile(url: URL, file: string, timeoutMs: number): Promise<void> {
  let current = url
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const exchange = open(current, 'GET', {}, timeoutMs)
    exchange.request.end()
    const response = await exchange.response
    const status = response.statusCode ?? 0
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume()
      current = new URL(response.headers.location, current)
      continue
    }
    if (status !== 200) throw new HttpStatusError(status, await errorCodeOf(response))
    await pipeline(response, createWriteStream(file))
    return
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`)
}

/**
 * Any service that takes a presigned PUT (S3, R2, GCS, Azure SAS, a
 * self-hosted server). The upload URL is a credential: it is masked, and
 * messages show only its scheme and host.
 */
export async function createHttpPutStorage(settings: UrlStorageSettings, logger: Logger, options: HttpPutOptions = {}): Promise<Storage> {
  maskUploadTarget(settings, logger)
  const target = parseUploadUrl(settings.uploadUrl)
  const publicUrl = settings.publicUrl ?? ''
  if (!publicUrl) {
    throw new BundleError(
      'public_url_missing',
      'storage url needs public-url: the https URL devices download the bundle from (placeholders {appId}, {version}, {sha256}).',
      'public-url',
    )
  }
  const origin = originOf(target.href)
  const retry = options.retry ?? defaultRetry
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  function locate(bundle: PackedBundle): StoredObject {
    const values = { appId: bundle.appId, version: bundle.version, sha256: bundle.sha256 }
    return { key: origin, url: devicePublicUrl(publicUrl, values, { allowInsecure: settings.allowInsecurePublicUrl, input: 'public-url' }) }
  }

  function uploadFailure(error: unknown, bundle: PackedBundle, location: StoredObject): BundleError {
    const after = `Nothing was registered. A refused PUT stores nothing, but if ${location.url} serves a file from this run, delete it.`
    if (error instanceof HttpStatusError && !isRetryableStatus(error.status)) {
      const hint =
        error.status === 403 || error.status === 401
          ? ' Presigned URLs expire and are bound to the method, content-type and signed headers; create a fresh upload-url (content-type application/zip).'
          : ''
      return new BundleError('upload_refused', `${origin} refused the PUT of ${bundle.fileName} (${error.message}).${hint} ${after}`, 'upload-url')
    }
    const code = (error as { code?: unknown })?.code
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new BundleError('upload_unreachable', `Cannot reach ${origin} to upload ${bundle.fileName} (${code}); check upload-url.`, 'upload-url')
    }
    return new BundleError('upload_failed', `Uploading ${bundle.fileName} to ${origin} failed after ${retry.attempts} attempts: ${reasonOf(error)}. ${after}`)
  }

  async function upload(bundle: PackedBundle, location: StoredObject): Promise<void> {
    const { size } = await stat(bundle.path)
    if (size !== bundle.bundleSize) {
      throw new BundleError('bundle_changed', `${bundle.path} has ${size} bytes but was packed with ${bundle.bundleSize}: it changed after packing. Pack again.`)
    }
    const headers = requestHeaders(settings.headers, size)
    try {
      await withRetry(() => putFile(target, bundle.path, headers, timeoutMs), { ...retry, logger, what: `PUT to ${origin}`, retryable: isRetryableHttpError })
    } catch (error) {
      throw uploadFailure(error, bundle, location)
    }
  }

  async function verifyStored(bundle: PackedBundle, location: StoredObject): Promise<void> {
    const cleanup = `replace or delete the file behind ${location.url} and run again.`
    await withTempFile(bundle.fileName, async (file) => {
      try {
        await withRetry(() => downloadFile(new URL(location.url), file, timeoutMs), {
          ...retry,
          logger,
          what: `Downloading ${location.url} to verify it`,
          retryable: isRetryableHttpError,
        })
      } catch (error) {
        throw new BundleError(
          'public_url_unavailable',
          `The upload succeeded but ${location.url} could not be downloaded (${reasonOf(error)}), so devices could not fetch it either; check public-url. Nothing was registered; ${cleanup}`,
          'public-url',
        )
      }
      await verifyStoredCopy(file, bundle, { label: location.url, cleanup }, logger)
    })
  }

  return {
    // No request at all: a presigned PUT URL cannot be probed without writing.
    async check(bundle) {
      return locate(bundle)
    },

    async put(bundle) {
      const location = locate(bundle)
      logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to ${origin}`)
      await upload(bundle, location)
      if (settings.verifyUpload) await verifyStored(bundle, location)
      return location
    },
  }
}
