import { createReadStream, createWriteStream } from 'node:fs'
import {
  Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Logger } from '../types.js'
import { onAbort } from '../abort.js'

/**
 * The one HTTP layer of the publish stage: requests with time-outs, one
 * status error, one explanation of network failures, and the rules for what
 * is a secret in a request. Every backend and the Capgo client go through it.
 */

/** Header names whose values are credentials (Authorization, X-Api-Key, x-amz-security-token, Cookie, ...). */
export const SECRET_HEADER = /auth|token|key|secret|signature|credential|cookie|session/i

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name)
}

/** Enough of an error body to find an S3-style <Code>; the body itself is never printed. */
const ERROR_BODY_LIMIT = 8 * 1024
const MAX_REDIRECTS = 5

/** A non-2xx answer; the message carries the status, the storage error code and a short scrubbed detail, never the URL. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** Short, already scrubbed words of the server (Capgo's `{ error, message }`), or ''. */
    readonly detail = '',
    /** An S3-style <Code> from an XML error body. */
    readonly errorCode?: string,
  ) {
    super(`HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}`)
    this.name = 'HttpStatusError'
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

/** The error and its causes, outermost first; cycles are cut. */
export function causesOf(error: unknown): object[] {
  const chain: object[] = []
  for (
    let current = error;
    current && typeof current === 'object' && !chain.includes(current);
    current = (current as { cause?: unknown }).cause
  ) {
    chain.push(current)
  }
  return chain
}

const SYSTEM_CODE = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/

/** The system error code somewhere in the cause chain (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, ...). */
export function networkCode(error: unknown): string | undefined {
  for (const link of causesOf(error)) {
    const { code } = link as { code?: unknown }
    if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code
  }
  return undefined
}

/** No answer within the time allowed: an AbortSignal.timeout, our own socket timer, or the system's. */
export function isTimeout(error: unknown): boolean {
  return causesOf(error).some(
    (link) => (link as { name?: unknown }).name === 'TimeoutError' || (link as { code?: unknown }).code === 'ETIMEDOUT',
  )
}

const TRANSIENT_CODE =
  /^(ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/

/** Network-level failures worth another attempt: resets, timeouts, a dropped socket. */
export function isTransientNetworkError(error: unknown): boolean {
  for (const link of causesOf(error)) {
    const { code, name } = link as { code?: unknown; name?: unknown }
    if (typeof code === 'string' && TRANSIENT_CODE.test(code)) return true
    if (name === 'TimeoutError' || name === 'AbortError') return true
  }
  return error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)
}

/** 5xx, 429 and transient network failures. */
export function isRetryableHttpError(error: unknown): boolean {
  if (error instanceof HttpStatusError) return isRetryableStatus(error.status)
  return isTransientNetworkError(error)
}

/** One line for a failed request: the status, or the system code with the words of the error that carries it. */
export function describeHttpError(error: unknown): string {
  if (error instanceof HttpStatusError) return error.message
  for (const link of causesOf(error)) {
    const { code, message } = link as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && SYSTEM_CODE.test(code)) {
      const text = typeof message === 'string' ? message : ''
      return text.includes(code) ? text : [code, text].filter(Boolean).join(': ')
    }
  }
  return error instanceof Error ? error.message : String(error)
}

/** Replaces every secret in a text meant for people. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text)
}

/**
 * A URL that is a credential (presigned): masked whole, its query, its
 * password, and each long query value (signature, credential, security
 * token) in both encodings, as any of them could end up in a message.
 * Returns what was masked, for scrubbing.
 */
export function maskUrl(url: string, logger: Pick<Logger, 'secret'>): string[] {
  const masked = [url]
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (parsed) {
    if (parsed.search.length > 1) masked.push(parsed.search.slice(1))
    if (parsed.password) masked.push(parsed.password)
    for (const [, value] of parsed.searchParams) {
      if (value.length < 8) continue
      masked.push(value)
      if (encodeURIComponent(value) !== value) masked.push(encodeURIComponent(value))
    }
  } else if (url.includes('?')) {
    masked.push(url.slice(url.indexOf('?') + 1))
  }
  for (const value of masked) logger.secret(value)
  return masked
}

/** Masks the values of credential-looking headers. */
export function maskSecretHeaders(headers: Record<string, string>, logger: Pick<Logger, 'secret'>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value && isSecretHeader(name)) logger.secret(value)
  }
}

/** The error a request ends with when no byte moved for `ms`: retryable, and recognised by isTimeout. */
export function noProgressError(ms: number): Error {
  return Object.assign(new Error(`no progress for ${seconds(ms)} (request-timeout)`), { name: 'TimeoutError', code: 'ETIMEDOUT' })
}

/** "1 s", "1.5 s", "60 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/**
 * A time-out measured on progress: it fires when `ms` pass without a
 * `touch()` (a byte sent or received), so a slow transfer that keeps moving
 * runs as long as it needs while a silent one ends. Its timer does not keep
 * the process alive.
 */
export class ProgressTimer {
  private readonly controller = new AbortController()
  private timer?: NodeJS.Timeout

  constructor(
    readonly ms: number,
    onStall?: (error: Error) => void,
  ) {
    if (onStall) this.controller.signal.addEventListener('abort', () => onStall(this.controller.signal.reason as Error), { once: true })
    this.touch()
  }

  /** Aborts when the time-out fires. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  touch(): void {
    if (this.controller.signal.aborted) return
    if (this.timer) this.timer.refresh()
    else this.timer = setTimeout(() => this.controller.abort(noProgressError(this.ms)), this.ms).unref()
  }

  stop(): void {
    clearTimeout(this.timer)
  }
}

interface Exchange {
  request: ClientRequest
  response: Promise<IncomingMessage>
  /** The first error the request ended with (no progress, cancel, network): an answer's body cut by it fails with it. */
  failure?: Error
}

/**
 * Starts a request. Without `agent`, on a fresh connection, so the retry of
 * an upload never reuses a socket the server half-closed; small requests
 * pass a keep-alive pool (their retries cover a stale socket). `timeoutMs`
 * limits the time without progress: to connect, then socket inactivity
 * (bytes written or read, an answer's body included). `cancel` ends it.
 */
function open(
  url: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  cancel?: AbortSignal,
  agent: HttpAgent | false = false,
): Exchange {
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, agent })
  const stall = () => request.destroy(noProgressError(timeoutMs))
  const connecting = setTimeout(stall, timeoutMs).unref()
  request.once('socket', (socket) => {
    if (socket.connecting) socket.once('connect', () => clearTimeout(connecting))
    else clearTimeout(connecting)
  })
  request.setTimeout(timeoutMs, stall)
  const onCancel = () => request.destroy(cancel?.reason instanceof Error ? cancel.reason : new Error('cancelled'))
  if (cancel?.aborted) onCancel()
  const forget = onAbort(cancel, onCancel)
  request.once('close', () => {
    clearTimeout(connecting)
    forget()
  })
  const exchange: Exchange = {
    request,
    response: new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve)
      // `on`, not `once`: a second error after the first must not go unhandled.
      request.on('error', (error) => {
        exchange.failure ??= error
        reject(error)
      })
    }),
  }
  return exchange
}

/** A body sent with its byte length, from chunks made anew for each attempt: a large JSON body (set_manifest) never sits whole in memory. */
export class EncodedBody {
  constructor(
    readonly length: number,
    readonly chunks: () => Iterable<string>,
  ) {}
}

/** What a caller reads of a small answer (JSON, a probe). */
export interface Answer {
  readonly status: number
  /** A 2xx status. */
  readonly ok: boolean
  readonly headers: IncomingHttpHeaders
  /** The body as UTF-8; fails with the request's own error (no progress, cancel, network) when that cuts it. */
  text(): Promise<string>
  /** Lets the body go unread. */
  discard(): void
}

/**
 * Sockets kept open between small requests to one host (Capgo's JSON, the
 * delta probes), as fetch did; made on first use. The agent closes a free
 * socket after KEEP_ALIVE_MS, or a second before the server's Keep-Alive
 * hint when that is shorter (Node reads the hint only when a timeout is set),
 * and free sockets do not keep the process alive.
 */
const KEEP_ALIVE_MS = 4_000
let pools: { http: HttpAgent; https: HttpsAgent } | undefined
function pooled(url: URL): HttpAgent {
  pools ??= {
    http: new HttpAgent({ keepAlive: true, timeout: KEEP_ALIVE_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: KEEP_ALIVE_MS }),
  }
  return url.protocol === 'https:' ? pools.https : pools.http
}

/** What fetch sent unasked; servers (and their firewalls) saw these from this client before it used node:http. */
const SMALL_REQUEST_HEADERS: OutgoingHttpHeaders = { accept: '*/*', 'user-agent': 'node' }

/**
 * One request with a small answer (the Capgo API's JSON, a probe), on a
 * kept-alive connection: time-out on progress as `open` (to connect, then
 * between bytes sent or received, the answer's body included), `cancel` ends
 * it. Redirects are not followed: one could hand a token to another host. An
 * EncodedBody is written chunk by chunk as the socket drains.
 */
export async function sendSmall(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | EncodedBody | undefined,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<Answer> {
  const target = new URL(url)
  const all: OutgoingHttpHeaders = { ...SMALL_REQUEST_HEADERS, ...headers }
  if (body !== undefined) all['content-length'] = body instanceof EncodedBody ? body.length : Buffer.byteLength(body)
  const exchange = open(target, method, all, timeoutMs, cancel, pooled(target))
  if (body instanceof EncodedBody) {
    const source = Readable.from(body.chunks(), { objectMode: false })
    exchange.request.once('close', () => source.destroy())
    source.on('error', (error) => exchange.request.destroy(error))
    source.pipe(exchange.request)
  } else {
    exchange.request.end(body)
  }
  const response = await exchange.response
  const status = response.statusCode ?? 0
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: response.headers,
    text: () => readText(exchange, response),
    discard: () => void response.resume(),
  }
}

function readText(exchange: Exchange, response: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = ''
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => (text += chunk))
    response.once('end', () => resolve(text))
    // A time-out or cancel destroys the request; its error says why, the answer's only that it was cut.
    const cut = (error?: Error) => reject(exchange.failure ?? error ?? new Error('the answer was cut short'))
    response.once('error', cut)
    response.once('close', () => {
      if (!response.complete) cut()
    })
  })
}

/** Reads a small error body for its S3-style <Code>, then lets the socket go. */
async function errorCodeOf(response: IncomingMessage): Promise<string | undefined> {
  let text = ''
  for await (const chunk of response) {
    if (text.length < ERROR_BODY_LIMIT) text += String(chunk)
  }
  return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1]
}

/** Headers a request must own: the body length is the file's, and framing is Node's. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect'])

/** application/zip and the file's length; `extra` wins for everything else (a presigned URL may sign content-type). */
export function fileHeaders(size: number, extra: Record<string, string> = {}): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/zip' }
  for (const [name, value] of Object.entries(extra)) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value
  }
  headers['content-length'] = size
  return headers
}

/**
 * One PUT of a whole file from disk (a presigned upload). The stream is
 * opened per call, so a retry starts at byte 0. Throws HttpStatusError on a
 * non-2xx answer.
 */
export async function putFile(
  url: URL,
  file: string,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  cancel?: AbortSignal,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  const source = createReadStream(file)
  if (onProgress) source.on('data', (chunk) => onProgress(chunk.length))
  const exchange = open(url, 'PUT', headers, timeoutMs, cancel)
  exchange.request.once('close', () => source.destroy())
  source.on('error', (error) => exchange.request.destroy(error))
  source.pipe(exchange.request)
  // A server may answer (e.g. 503) before reading the whole body; that answer is what counts.
  const response = await exchange.response
  if (response.statusCode && response.statusCode >= 200 && response.statusCode < 300) {
    response.resume()
    return
  }
  throw new HttpStatusError(response.statusCode ?? 0, '', await errorCodeOf(response))
}

/** GET to a file, following redirects as devices do. */
export async function downloadFile(url: URL, file: string, timeoutMs: number, cancel?: AbortSignal): Promise<void> {
  let current = url
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const exchange = open(current, 'GET', {}, timeoutMs, cancel)
    exchange.request.end()
    const response = await exchange.response
    const status = response.statusCode ?? 0
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume()
      current = new URL(response.headers.location, current)
      continue
    }
    if (status !== 200) throw new HttpStatusError(status, '', await errorCodeOf(response))
    await pipeline(response, createWriteStream(file))
    return
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`)
}
