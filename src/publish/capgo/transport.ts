import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../cleanup.js'
import { createReadStream } from 'node:fs'
import type * as Tus from 'tus-js-client'
import type { Logger } from '../../types.js'
import {
  EncodedBody,
  fileHeaders,
  HttpStatusError,
  isRetryableHttpError,
  isRetryableStatus,
  maskUrl,
  noProgressError,
  ProgressTimer,
  putFile,
  scrub,
  sendSmall,
  type Answer,
} from '../http.js'
import { defaultRetry, withRetry } from '../retry.js'
import { dropped } from '../../bundle/memory.js'
import { onAbort } from '../../abort.js'
import type { TusUploadRequest } from './api.js'
import { inputFor, type CapgoEndpoints } from './endpoints.js'
import { CapgoRequestError, serverDetail, toCapgoError, tusError, tusReason, type Step } from './errors.js'

export interface CapgoTimings {
  /** Time without progress (no byte sent or received) after which any request, a TUS chunk or an upload included, is abandoned: request-timeout. */
  requestTimeoutMs: number
  retry: { attempts: number; baseDelayMs: number }
  /** Pauses before each TUS resume; its length is the number of resumes. */
  tusRetryDelays: number[]
}

export const defaultCapgoTimings: CapgoTimings = {
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  retry: defaultRetry,
  tusRetryDelays: [0, 1_000, 3_000, 5_000],
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH'
  url: string
  headers: Record<string, string>
  /** Sent as JSON; an EncodedBody is sent as it is (JSON already encoded, e.g. the set_manifest body). */
  body?: unknown
}

/**
 * How Capgo requests travel: time-outs, retries of idempotent requests on
 * 5xx, 429 and network failures, scrubbing of every credential it has seen,
 * and failures translated into `CapgoRequestError`. The HTTP itself is
 * publish/http.ts.
 */
export class CapgoTransport {
  private readonly secrets: string[] = []
  constructor(
    readonly endpoints: CapgoEndpoints,
    private readonly logger: Logger,
    private readonly timings: CapgoTimings,
    /** The run's cancellation: requests in flight stop, and no retry starts, once it aborts. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Masks a credential and remembers it for scrubbing; URLs have their parts masked too. */
  addSecret(value: string): void {
    if (/^https?:\/\//.test(value)) this.secrets.push(...maskUrl(value, this.logger))
    else {
      this.logger.secret(value)
      this.secrets.push(value)
    }
  }

  /** Removes every credential this transport knows from a text meant for people. */
  scrub(text: string): string {
    return scrub(text, this.secrets)
  }

  /** `signal` replaces the run's for clean-up requests, which run after a cancel too. */
  retried<T>(step: Step, attempt: () => Promise<T>, signal = this.signal): Promise<T> {
    return withRetry(attempt, {
      ...this.timings.retry,
      what: capitalise(step.what),
      logger: this.logger,
      retryable: isRetryableHttpError,
      signal,
    }).catch((error: unknown) => {
      if (signal?.aborted) throw signal.reason
      throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text), {
        timeoutMs: this.timings.requestTimeoutMs,
        attempts: this.timings.retry.attempts,
      })
    })
  }

  /** One attempt of a JSON request; the answer parsed, or undefined when empty. */
  async json(step: Step, request: JsonRequest, signal = this.signal): Promise<unknown> {
    this.logger.debug(`Capgo: ${request.method} ${request.url}`)
    step.origin = new URL(request.url).origin
    const body = request.body
    const response = await sendSmall(
      request.url,
      request.method,
      request.headers,
      body === undefined || body instanceof EncodedBody ? body : JSON.stringify(body),
      this.timings.requestTimeoutMs,
      signal,
    )
    if (response.status >= 300 && response.status < 400) {
      response.discard()
      const input = inputFor(step.family, this.endpoints)
      throw new CapgoRequestError(
        'capgo_redirect',
        `Capgo answered ${step.what} with a redirect (HTTP ${response.status}); set ${input ?? 'the Capgo URL'} to the final address.`,
        input,
        response.status,
      )
    }
    if (!response.ok) throw new HttpStatusError(response.status, this.scrub(await serverDetail(response, step.family)))
    const text = await response.text()
    if (!text) return undefined
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new CapgoRequestError(
        'capgo_answer_invalid',
        `Capgo answered ${step.what} with something that is not JSON.`,
        inputFor(step.family, this.endpoints),
      )
    }
  }

  /** One attempt of a request whose answer the caller reads (status and headers); time-out and cancellation as for JSON. */
  async raw(request: JsonRequest): Promise<Answer> {
    this.logger.debug(`Capgo: ${request.method} ${request.url}`)
    return sendSmall(request.url, request.method, request.headers, undefined, this.timings.requestTimeoutMs, this.signal)
  }

  /** One attempt of a presigned PUT: no auth header (the URL is the credential), its origin only in messages. */
  async putFile(step: Step, url: string, file: string, size: number): Promise<void> {
    this.logger.debug('Capgo: PUT (presigned upload URL)')
    step.origin = new URL(url).origin
    // Each chunk read from the file is garbage once sent; V8 left ~45 MB of them (a 64 MB zip) uncollected. See bundle/memory.ts.
    await putFile(new URL(url), file, fileHeaders(size), this.timings.requestTimeoutMs, this.signal, dropped)
  }

  /**
   * TUS 1.0 upload. A dropped connection resumes from the server's offset
   * (HEAD, then PATCH from there) instead of starting over; each resume is logged.
   * Resolves with the `X-Capgo-Manifest-Size-Receipt` header of the last
   * response, when the server sent one (delta files).
   */
  async tusUpload(step: Step, request: TusUploadRequest, endpoint: string, headers: Record<string, string>): Promise<string | undefined> {
    const resumes = this.timings.tusRetryDelays.length
    const scrubText = (text: string) => this.scrub(text)
    step.origin = new URL(endpoint).origin
    const { signal } = this
    signal?.throwIfAborted()
    // Loaded on the first TUS upload: other runs never parse the client.
    const tus = await import('tus-js-client')
    // An abort during that import dispatched no event this upload could hear.
    signal?.throwIfAborted()
    // Every TUS request, a PATCH of a whole chunk included, ends after request-timeout without progress, whatever the chunk size.
    const httpStack = new TimeoutHttpStack(new tus.DefaultHttpStack({}), this.timings.requestTimeoutMs)
    // tus only reads the path from this stream, and closes it on success only.
    const source = createReadStream(request.file)
    let forget: (() => void) | undefined
    return await new Promise<string | undefined>((resolve, reject) => {
      const upload = new tus.Upload(source, {
        endpoint,
        uploadSize: request.size,
        chunkSize: request.chunkSize,
        metadata: request.metadata,
        headers,
        retryDelays: this.timings.tusRetryDelays,
        storeFingerprintForResuming: false,
        httpStack,
        onShouldRetry: (error, attempt) => {
          const status = error.originalResponse?.getStatus() ?? 0
          const retry = status === 0 || isRetryableStatus(status) || status === 409 || status === 423
          if (retry)
            this.logger.info(`${step.what} interrupted (${tusReason(error, scrubText)}); resuming, retry ${attempt + 1} of ${resumes}`)
          return retry
        },
        onChunkComplete: (_chunk, accepted, total) => this.logger.debug(`TUS: ${accepted} of ${total} bytes accepted`),
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('X-Capgo-Manifest-Size-Receipt') ?? undefined),
        onError: (error) =>
          reject(
            tusError(step, error, this.endpoints, scrubText, {
              timeoutMs: this.timings.requestTimeoutMs,
              attempts: this.timings.tusRetryDelays.length + 1,
            }),
          ),
      })
      // One listener on the run's signal for all uploads in flight (abort.ts).
      forget = onAbort(signal, () => {
        void upload.abort()
        reject(signal?.reason)
      })
      upload.start()
    }).finally(() => {
      forget?.()
      source.destroy()
    })
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * tus-js-client's Node stack has no time-outs: this one ends a request when
 * no byte moved for `timeoutMs` (bytes of the chunk sent, or of the answer
 * received), which tus then retries from the server's offset.
 */
class TimeoutHttpStack implements Tus.HttpStack {
  constructor(
    private readonly inner: Tus.HttpStack,
    private readonly timeoutMs: number,
  ) {}

  createRequest(method: string, url: string): Tus.HttpRequest {
    return new TimeoutHttpRequest(this.inner.createRequest(method, url), this.timeoutMs)
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
  private progress?: () => void
  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.inner.setProgressHandler((bytesSent) => {
      this.progress?.()
      handler(bytesSent)
    })
  }
  abort(): Promise<void> {
    return this.inner.abort()
  }
  getUnderlyingObject(): unknown {
    return this.inner.getUnderlyingObject()
  }

  send(body: unknown): Promise<Tus.HttpResponse> {
    return new Promise((resolve, reject) => {
      const timer = new ProgressTimer(this.timeoutMs, () => {
        reject(noProgressError(this.timeoutMs))
        void this.inner.abort()
      })
      this.progress = () => timer.touch()
      const sent = this.inner.send(body)
      // Bytes of the answer count as progress too; the Node stack's request exists once send() ran.
      const request = this.inner.getUnderlyingObject() as import('node:http').ClientRequest | null
      request?.once('response', (response: import('node:http').IncomingMessage) => {
        timer.touch()
        response.on('data', () => timer.touch())
      })
      sent.then(
        (response) => {
          timer.stop()
          resolve(response)
        },
        (error: unknown) => {
          timer.stop()
          reject(error)
        },
      )
    })
  }
}
