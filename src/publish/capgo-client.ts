import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type * as Tus from 'tus-js-client'
import { BundleError } from '../errors.js'
import type { CapgoSettings, Logger } from '../types.js'
import { defaultRetry, isRetryableStatus, isTransientNetworkError, withRetry } from './retry.js'

/** The TUS client, loaded on the first TUS upload. */
let tusModule: typeof Tus | undefined

/** The API revision the requests of capgo-api.md were recorded with. */
export const CAPGO_API_VERSION = '2025-10-01'

export interface CapgoTimings {
  /** Per request, for everything but the bytes of an upload. */
  requestTimeoutMs: number
  /** Uploads get `requestTimeoutMs` plus the time this rate needs for their bytes, so a slow link is not mistaken for a hang. */
  minUploadBytesPerSecond: number
  retry: { attempts: number; baseDelayMs: number }
  /** Pauses before each TUS resume; its length is the number of resumes. */
  tusRetryDelays: number[]
}

export const defaultCapgoTimings: CapgoTimings = {
  requestTimeoutMs: 30_000,
  minUploadBytesPerSecond: 50 * 1024,
  retry: defaultRetry,
  tusRetryDelays: [0, 1_000, 3_000, 5_000],
}

/** `GET /private/config`. */
export interface CapgoServerConfig {
  supaHost: string
  supaKey: string
  useNewFinalizeBundleUpload: boolean
}

/** `GET /app/{appId}`. */
export interface CapgoApp {
  app_id: string
  owner_org: string
  name?: string
}

/** `GET /files/config`, reduced to what decides how the file travels. */
export interface CapgoFilesConfig {
  TUSUpload: boolean
  TUSUploadForced: boolean
  /** Bytes; 0 when the server does not say. */
  maxUploadLength: number
  /** Bytes; 0 when the server does not say. */
  maxChunkSize: number
}

export interface NativePackageEntry {
  name: string
  version: string
  requested_version: string
}

/** A row of `app_versions`, in the key order of capgo-api.md. */
export interface VersionRow {
  name: string
  app_id: string
  session_key: string
  checksum: string
  key_id: string
  storage_provider: 'r2-direct' | 'r2' | 'external'
  owner_org: string
  user_id: string
  native_packages: NativePackageEntry[]
  link: string | null
  comment: string | null
  min_update_version?: string
  external_url?: string
  manifest?: null
}

/**
 * Where each family of requests goes.
 *
 * `capgo-supabase-url` means "this whole Capgo runs under one Supabase": the
 * API and files functions at `{supabaseUrl}/functions/v1/<path>`, PostgREST at
 * `{supabaseUrl}/rest/v1`. It then replaces `capgo-api-url` and
 * `capgo-files-url`, and also the `supaHost` that `/private/config` reports,
 * because a self-hosted instance often reports the address its functions see
 * from inside (for example `http://kong:8000`), which CI cannot reach.
 */
export interface CapgoEndpoints {
  api: string
  files: string
  /** Set for the self-hosted layout. */
  supabase?: string
}

export function resolveEndpoints(settings: Pick<CapgoSettings, 'apiUrl' | 'filesUrl' | 'supabaseUrl'>): CapgoEndpoints {
  if (settings.supabaseUrl) {
    const supabase = checkedBase(settings.supabaseUrl, 'capgo-supabase-url')
    const functions = `${supabase}/functions/v1`
    return { api: functions, files: functions, supabase }
  }
  return { api: checkedBase(settings.apiUrl, 'capgo-api-url'), files: checkedBase(settings.filesUrl, 'capgo-files-url') }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The token travels in headers, so plain http is refused except on this machine (tests, local Capgo). */
function checkedBase(value: string, input: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new BundleError('capgo_url_invalid', `${input} is not a URL: "${value}".`, input)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new BundleError('capgo_url_insecure', `${input} must be an https URL (plain http is only accepted for localhost); got ${url.origin}.`, input)
  }
  if (url.search || url.hash) {
    throw new BundleError('capgo_url_invalid', `${input} must be a base URL without query or fragment; got ${url.origin}${url.pathname}.`, input)
  }
  return url.href.replace(/\/+$/, '')
}

/** The supaHost the server reports travels the same checks, but a refusal must say where the value came from. */
function advertisedSupaHost(value: string): string {
  try {
    return checkedBase(value, 'capgo-supabase-url')
  } catch {
    throw new BundleError(
      'capgo_config_invalid',
      `The Capgo server config points its database API at "${value}", which is not a usable https URL; set capgo-supabase-url and capgo-supabase-anon-key to the address CI should use.`,
      'capgo-supabase-url',
    )
  }
}

type Family = 'api' | 'files' | 'rest' | 'upload'

interface Step {
  /** For messages: "while <what>". */
  what: string
  family: Family
}

/** A request that failed for good. `status` is absent when no answer came (network, timeout). */
export class CapgoRequestError extends BundleError {
  readonly status?: number
  constructor(code: string, message: string, input: string | undefined, status?: number) {
    super(code, message, input)
    this.status = status
  }
}

/** What one attempt throws; only ever seen by withRetry and `toBundleError`, so its message is short and secret-free. */
class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`)
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return isRetryableStatus(error.status)
  return isTransientNetworkError(error)
}

function isTimeout(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'TimeoutError') return true
  }
  return false
}

interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  headers: Record<string, string>
  body?: unknown
}

export interface TusUploadRequest {
  file: string
  size: number
  chunkSize: number
  metadata: Record<string, string>
}

/**
 * The Capgo requests of capgo-api.md, one method each. Every request has a
 * timeout; the idempotent ones are retried on 5xx, 429 and network failures.
 * Failures come out as `CapgoRequestError`, worded for the person running the
 * upload and scrubbed of the token and of presigned URLs.
 */
export class CapgoClient {
  readonly endpoints: CapgoEndpoints
  private configPromise?: Promise<CapgoServerConfig>
  private readonly secrets: string[]

  constructor(
    private readonly settings: CapgoSettings,
    private readonly logger: Logger,
    private readonly timings: CapgoTimings = defaultCapgoTimings,
  ) {
    logger.secret(settings.token)
    this.secrets = [settings.token]
    this.endpoints = resolveEndpoints(settings)
    if (this.endpoints.supabase) logger.debug(`Self-hosted Capgo: API and files at ${this.endpoints.api}, PostgREST at ${this.endpoints.supabase}/rest/v1`)
  }

  /** `GET {api}/private/config`, once per client. */
  config(): Promise<CapgoServerConfig> {
    this.configPromise ??= this.fetchConfig()
    return this.configPromise
  }

  private async fetchConfig(): Promise<CapgoServerConfig> {
    const step = { what: 'reading the Capgo server config', family: 'api' } as const
    const body = await this.retried(step, () => this.json(step, this.apiRequest('GET', this.endpoints.api, 'private/config')))
    const config = asObject(body)
    const supaHost = this.endpoints.supabase ?? stringField(config, 'supaHost')
    const supaKey = this.settings.supabaseAnonKey ?? stringField(config, 'supaKey')
    if (!supaHost || !supaKey) {
      throw new CapgoRequestError(
        'capgo_config_invalid',
        'The Capgo server config has no supaHost/supaKey; for a self-hosted Capgo set capgo-supabase-url and capgo-supabase-anon-key.',
        'capgo-supabase-url',
      )
    }
    return {
      supaHost: this.endpoints.supabase ? supaHost : advertisedSupaHost(supaHost),
      supaKey,
      useNewFinalizeBundleUpload: config.useNewFinalizeBundleUpload === true,
    }
  }

  /** `GET {api}/app/{appId}`; undefined when the app does not exist or the key cannot see it (404). */
  async app(appId: string): Promise<CapgoApp | undefined> {
    const step = { what: `looking up app ${appId}`, family: 'api' } as const
    try {
      const body = asObject(await this.retried(step, () => this.json(step, this.apiRequest('GET', this.endpoints.api, `app/${encodeURIComponent(appId)}`))))
      const ownerOrg = stringField(body, 'owner_org')
      if (!ownerOrg) throw new CapgoRequestError('capgo_answer_invalid', `Capgo's answer for app ${appId} has no owner_org.`, undefined)
      return { app_id: stringField(body, 'app_id') ?? appId, owner_org: ownerOrg, name: stringField(body, 'name') }
    } catch (error) {
      if (error instanceof CapgoRequestError && error.status === 404) return undefined
      throw error
    }
  }

  /** `rpc/exist_app_versions`. */
  async versionExists(appId: string, version: string): Promise<boolean> {
    const step = { what: `checking whether version ${version} exists`, family: 'rest' } as const
    const answer = await this.retried(step, async () => this.json(step, await this.restRequest('rpc/exist_app_versions', { appid: appId, name_version: version })))
    if (typeof answer !== 'boolean') throw new CapgoRequestError('capgo_answer_invalid', 'Capgo answered the version check with something other than true or false.', undefined)
    return answer
  }

  /** `rpc/request_actor_user_id`: the user the API key belongs to. */
  async actorUserId(): Promise<string> {
    const step = { what: 'reading the user of the API key', family: 'rest' } as const
    const answer = await this.retried(step, async () => this.json(step, await this.restRequest('rpc/request_actor_user_id', {})))
    if (typeof answer !== 'string' || !answer) {
      throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not say which user the capgo-token belongs to.', 'capgo-token')
    }
    return answer
  }

  /**
   * Upsert of the version row. Retried: with `on_conflict=name,app_id` and
   * merge-duplicates a repeat of the same body leaves the same row, so a retry
   * after a lost answer cannot do harm. Returns the row id when PostgREST
   * sends the representation back.
   */
  async upsertVersion(row: VersionRow, what = `creating version ${row.name}`): Promise<{ id?: string }> {
    const step = { what, family: 'rest' } as const
    const answer = await this.retried(step, async () => {
      const request = await this.restRequest('app_versions?on_conflict=name,app_id', row)
      request.headers.prefer = 'resolution=merge-duplicates,return=representation'
      return this.json(step, request)
    })
    const first = Array.isArray(answer) ? answer[0] : answer
    const id = first && typeof first === 'object' ? (first as Record<string, unknown>).id : undefined
    return { id: typeof id === 'number' || typeof id === 'string' ? String(id) : undefined }
  }

  /** `GET {files}/files/config`. */
  async filesConfig(): Promise<CapgoFilesConfig> {
    const step = { what: 'reading the Capgo files config', family: 'files' } as const
    const body = asObject(await this.retried(step, () => this.json(step, this.apiRequest('GET', this.endpoints.files, 'files/config'))))
    return {
      TUSUpload: body.TUSUpload === true,
      TUSUploadForced: body.TUSUploadForced === true,
      maxUploadLength: positiveNumber(body.maxUploadLength),
      maxChunkSize: positiveNumber(body.maxChunkSize),
    }
  }

  /** `POST {files}/files/upload_link`: a presigned URL, masked before anything could print it. */
  async uploadLink(appId: string, version: string): Promise<string> {
    const step = { what: 'requesting an upload URL', family: 'files' } as const
    const body = asObject(
      await this.retried(step, () => this.json(step, this.apiRequest('POST', this.endpoints.files, 'files/upload_link', { app_id: appId, name: version, version: 0 }))),
    )
    const url = stringField(body, 'url')
    if (url) this.addSecret(url)
    if (!url || !/^https?:\/\//.test(url)) throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not return an upload URL.', undefined)
    return url
  }

  /** `PUT <presigned url>`: no auth header (the URL is the credential); a fresh file stream per attempt. */
  async putFile(url: string, file: string, size: number): Promise<void> {
    const step = { what: 'uploading the bundle', family: 'upload' } as const
    await this.retried(step, async () => {
      const response = await this.send(step, url, {
        method: 'PUT',
        headers: { 'content-type': 'application/zip', 'content-length': String(size) },
        body: fileBody(file),
        duplex: 'half',
        signal: AbortSignal.timeout(this.uploadTimeoutMs(size)),
      })
      await response.arrayBuffer()
    })
  }

  /**
   * TUS 1.0 upload to `{files}/files/upload/attachments/`. A dropped
   * connection resumes from the server's offset (HEAD, then PATCH from there)
   * instead of starting over; each resume is logged.
   */
  async tusUpload(request: TusUploadRequest): Promise<void> {
    const step = { what: 'uploading the bundle (TUS)', family: 'files' } as const
    const resumes = this.timings.tusRetryDelays.length
    // Loaded on first use: runs that never upload through TUS never parse the client.
    const tus = (tusModule ??= await import('tus-js-client'))
    const httpStack = new TimeoutHttpStack(new tus.DefaultHttpStack({}), (method) =>
      method === 'PATCH' ? this.uploadTimeoutMs(request.chunkSize) : this.timings.requestTimeoutMs,
    )
    // tus only reads the path from this stream, and closes it on success only.
    const source = createReadStream(request.file)
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(source, {
        endpoint: `${this.endpoints.files}/files/upload/attachments/`,
        uploadSize: request.size,
        chunkSize: request.chunkSize,
        metadata: request.metadata,
        // No content-type here: tus sets its own on PATCH, and a second one would be sent alongside.
        headers: { authorization: this.settings.token, capgkey: this.settings.token, capgo_api: CAPGO_API_VERSION },
        retryDelays: this.timings.tusRetryDelays,
        storeFingerprintForResuming: false,
        httpStack,
        onShouldRetry: (error, attempt) => {
          const status = error.originalResponse?.getStatus() ?? 0
          const retry = status === 0 || isRetryableStatus(status) || status === 409 || status === 423
          if (retry) this.logger.info(`${step.what} interrupted (${this.tusReason(error)}); resuming, retry ${attempt + 1} of ${resumes}`)
          return retry
        },
        onChunkComplete: (_chunk, accepted, total) => this.logger.debug(`TUS: ${accepted} of ${total} bytes accepted`),
        onSuccess: () => resolve(),
        onError: (error) => reject(this.tusError(step, error)),
      })
      upload.start()
    }).finally(() => source.destroy())
  }

  /** `POST {api}/private/finalize_bundle_upload`. */
  async finalize(appId: string, version: string): Promise<void> {
    const step = { what: `finalizing version ${version}`, family: 'api' } as const
    await this.retried(step, () => this.json(step, this.apiRequest('POST', this.endpoints.api, 'private/finalize_bundle_upload', { app_id: appId, name: version })))
  }

  /** `POST {api}/channel`. */
  async setChannel(appId: string, channel: string, version: string): Promise<void> {
    const step = { what: `setting channel ${channel} to ${version}`, family: 'api' } as const
    await this.retried(step, () => this.json(step, this.apiRequest('POST', this.endpoints.api, 'channel', { app_id: appId, channel, version })))
  }

  /** `DELETE {api}/private/delete_failed_version`. False when there was nothing to delete (404), which is the goal too. */
  async deleteFailedVersion(appId: string, version: string): Promise<boolean> {
    const step = { what: `deleting the failed version ${version}`, family: 'api' } as const
    try {
      await this.retried(step, () => this.json(step, this.apiRequest('DELETE', this.endpoints.api, 'private/delete_failed_version', { app_id: appId, name: version })))
      return true
    } catch (error) {
      if (error instanceof CapgoRequestError && error.status === 404) return false
      throw error
    }
  }

  /** Removes every credential this client knows from a text meant for people. */
  scrub(text: string): string {
    return this.secrets.reduce((result, secret) => result.split(secret).join('***'), text)
  }

  private addSecret(value: string): void {
    this.logger.secret(value)
    this.secrets.push(value)
  }

  private apiRequest(method: JsonRequest['method'], base: string, path: string, body?: unknown): JsonRequest {
    return {
      method,
      url: `${base}/${path}`,
      headers: {
        authorization: this.settings.token,
        capgkey: this.settings.token,
        capgo_api: CAPGO_API_VERSION,
        'content-type': 'application/json',
      },
      body,
    }
  }

  private async restRequest(path: string, body: unknown): Promise<JsonRequest> {
    const { supaHost, supaKey } = await this.config()
    return {
      method: 'POST',
      url: `${supaHost}/rest/v1/${path}`,
      headers: {
        apikey: supaKey,
        authorization: `Bearer ${supaKey}`,
        capgkey: this.settings.token,
        'content-type': 'application/json',
      },
      body,
    }
  }

  private uploadTimeoutMs(bytes: number): number {
    return this.timings.requestTimeoutMs + Math.ceil((bytes / this.timings.minUploadBytesPerSecond) * 1000)
  }

  private retried<T>(step: Step, attempt: () => Promise<T>): Promise<T> {
    return withRetry(attempt, { ...this.timings.retry, what: capitalise(step.what), logger: this.logger, retryable: isRetryable }).catch((error: unknown) => {
      throw this.toBundleError(step, error)
    })
  }

  private async json(step: Step, request: JsonRequest): Promise<unknown> {
    const response = await this.send(step, request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(this.timings.requestTimeoutMs),
    })
    const text = await response.text()
    if (!text) return undefined
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new CapgoRequestError('capgo_answer_invalid', `Capgo answered ${step.what} with something that is not JSON.`, inputFor(step.family, this.endpoints))
    }
  }

  /** One attempt. Redirects are refused: following one would hand the token to another host. */
  private async send(step: Step, url: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    this.logger.debug(`Capgo: ${init.method} ${step.family === 'upload' ? '(presigned upload URL)' : url}`)
    const response = await fetch(url, { ...init, redirect: 'manual' })
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      throw new CapgoRequestError(
        'capgo_redirect',
        `Capgo answered ${step.what} with a redirect (HTTP ${response.status}); set ${inputFor(step.family, this.endpoints) ?? 'the Capgo URL'} to the final address.`,
        inputFor(step.family, this.endpoints),
        response.status,
      )
    }
    if (!response.ok) throw new HttpStatusError(response.status, this.scrub(await serverDetail(response, step.family)))
    return response
  }

  private toBundleError(step: Step, error: unknown): BundleError {
    if (error instanceof BundleError) return error
    const input = inputFor(step.family, this.endpoints)
    if (error instanceof HttpStatusError) {
      if (error.status === 401 || error.status === 403) {
        return new CapgoRequestError(
          'capgo_unauthorized',
          `Capgo refused the capgo-token while ${step.what} (HTTP ${error.status}): check that the API key is right and allowed to upload to this app${error.detail ? ` (${error.detail})` : ''}.`,
          'capgo-token',
          error.status,
        )
      }
      return new CapgoRequestError('capgo_http', `Capgo answered HTTP ${error.status} while ${step.what}${error.detail ? `: ${error.detail}` : ''}.`, input, error.status)
    }
    if (isTimeout(error)) {
      return new CapgoRequestError('capgo_timeout', `Capgo did not answer in time while ${step.what}${input ? `; check ${input} or retry later` : '; retry later'}.`, input)
    }
    const reason = this.scrub(error instanceof Error ? networkReason(error) : String(error))
    return new CapgoRequestError('capgo_unreachable', `Could not reach Capgo while ${step.what} (${reason})${input ? `; check ${input}` : ''}.`, input)
  }

  private tusReason(error: Tus.DetailedError | Error): string {
    const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined
    if (status) return `HTTP ${status}`
    const cause = 'causingError' in error ? error.causingError : null
    return this.scrub(cause ? networkReason(cause) : 'no answer')
  }

  private tusError(step: Step, error: Tus.DetailedError | Error): BundleError {
    const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined
    if (status) {
      const body = tusModule && error instanceof tusModule.DetailedError ? (error.originalResponse?.getBody() ?? '') : ''
      return this.toBundleError(step, new HttpStatusError(status, this.scrub(shortDetail(body))))
    }
    const cause = 'causingError' in error && error.causingError ? error.causingError : error
    return this.toBundleError(step, cause)
  }
}

/**
 * The file as a streamed body; undici sends the content-length we set instead
 * of chunked encoding, which presigned PUTs refuse. The cast bridges Node's
 * and the DOM lib's ReadableStream types, which describe the same object.
 */
function fileBody(file: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>
}

function inputFor(family: Family, endpoints: CapgoEndpoints): string | undefined {
  if (endpoints.supabase && family !== 'upload') return 'capgo-supabase-url'
  if (family === 'api') return 'capgo-api-url'
  if (family === 'files') return 'capgo-files-url'
  if (family === 'rest') return 'capgo-supabase-url'
  return undefined
}

/** The server's own words, short: Capgo answers `{ error, message }`; storage answers XML we do not show. */
async function serverDetail(response: Response, family: Family): Promise<string> {
  const text = await response.text().catch(() => '')
  if (family === 'upload') return ''
  return shortDetail(text)
}

function shortDetail(text: string): string {
  let detail = text
  try {
    const body = JSON.parse(text) as unknown
    if (body && typeof body === 'object') {
      const { error, message } = body as { error?: unknown; message?: unknown }
      detail = [error, message].filter((part) => typeof part === 'string' && part).join(': ')
    }
  } catch {
    // Not JSON: keep the text.
  }
  detail = detail.replace(/\s+/g, ' ').trim()
  return detail.length > 200 ? `${detail.slice(0, 200)}…` : detail
}

function networkReason(error: Error): string {
  const cause = error.cause
  if (cause && typeof cause === 'object') {
    const { code, message } = cause as { code?: unknown; message?: unknown }
    if (typeof code === 'string') return code
    if (typeof message === 'string') return message
  }
  return (error as { code?: unknown }).code?.toString() ?? error.message
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key]
  return typeof value === 'string' && value ? value : undefined
}

function positiveNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** tus-js-client's Node stack has no timeouts: this one aborts a request that takes longer than its budget, which tus then retries. */
class TimeoutHttpStack implements Tus.HttpStack {
  constructor(
    private readonly inner: Tus.HttpStack,
    private readonly timeoutFor: (method: string) => number,
  ) {}

  createRequest(method: string, url: string): Tus.HttpRequest {
    return new TimeoutHttpRequest(this.inner.createRequest(method, url), this.timeoutFor(method))
  }

  getName(): string {
    return `Timeout(${this.inner.getName()})`
  }
}

class TimeoutHttpRequest implements Tus.HttpRequest {
  constructor(
    private readonly inner: Tus.HttpRequest,
    private readonly timeoutMs: number,
  ) {}

  getMethod(): string {
    return this.inner.getMethod()
  }
  getURL(): string {
    return this.inner.getURL()
  }
  setHeader(header: string, value: string): void {
    this.inner.setHeader(header, value)
  }
  getHeader(header: string): string | undefined {
    return this.inner.getHeader(header)
  }
  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.inner.setProgressHandler(handler)
  }
  abort(): Promise<void> {
    return this.inner.abort()
  }
  getUnderlyingObject(): unknown {
    return this.inner.getUnderlyingObject()
  }

  send(body: unknown): Promise<Tus.HttpResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DOMException(`no answer within ${this.timeoutMs} ms`, 'TimeoutError'))
        void this.inner.abort()
      }, this.timeoutMs)
      this.inner.send(body).then(
        (response) => {
          clearTimeout(timer)
          resolve(response)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        },
      )
    })
  }
}
