import { createReadStream } from 'node:fs'
import * as tus from 'tus-js-client'
import type { Logger } from '../../types.js'
import { fetchWithTimeout, fileHeaders, HttpStatusError, isRetryableHttpError, isRetryableStatus, maskUrl, putFile, scrub } from '../http.js'
import { defaultRetry, withRetry } from '../retry.js'
import type { TusUploadRequest } from './api.js'
import { inputFor, type CapgoEndpoints } from './endpoints.js'
import { CapgoRequestError, serverDetail, toCapgoError, tusError, tusReason, type Step } from './errors.js'

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

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  headers: Record<string, string>
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

  retried<T>(step: Step, attempt: () => Promise<T>): Promise<T> {
    return withRetry(attempt, { ...this.timings.retry, what: capitalise(step.what), logger: this.logger, retryable: isRetryableHttpError }).catch((error: unknown) => {
      throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text))
    })
  }

  /** One attempt of a JSON request; the answer parsed, or undefined when empty. */
  async json(step: Step, request: JsonRequest): Promise<unknown> {
    this.logger.debug(`Capgo: ${request.method} ${request.url}`)
    const response = await fetchWithTimeout(
      request.url,
      { method: request.method, headers: request.headers, body: request.body === undefined ? undefined : JSON.stringify(request.body) },
      this.timings.requestTimeoutMs,
    )
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
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
      throw new CapgoRequestError('capgo_answer_invalid', `Capgo answered ${step.what} with something that is not JSON.`, inputFor(step.family, this.endpoints))
    }
  }

  /** One attempt of a presigned PUT: no auth header (the URL is the credential). */
  async putFile(url: string, file: string, size: number): Promise<void> {
    this.logger.debug('Capgo: PUT (presigned upload URL)')
    await putFile(new URL(url), file, fileHeaders(size), this.uploadTimeoutMs(size))
  }

  /**
   * TUS 1.0 upload. A dropped connection resumes from the server's offset
   * (HEAD, then PATCH from there) instead of starting over; each resume is logged.
   */
  async tusUpload(step: Step, request: TusUploadRequest, endpoint: string, headers: Record<string, string>): Promise<void> {
    const resumes = this.timings.tusRetryDelays.length
    const scrubText = (text: string) => this.scrub(text)
    const httpStack = new TimeoutHttpStack(new tus.DefaultHttpStack({}), (method) =>
      method === 'PATCH' ? this.uploadTimeoutMs(request.chunkSize) : this.timings.requestTimeoutMs,
    )
    // tus only reads the path from this stream, and closes it on success only.
    const source = createReadStream(request.file)
    await new Promise<void>((resolve, reject) => {
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
          if (retry) this.logger.info(`${step.what} interrupted (${tusReason(error, scrubText)}); resuming, retry ${attempt + 1} of ${resumes}`)
          return retry
        },
        onChunkComplete: (_chunk, accepted, total) => this.logger.debug(`TUS: ${accepted} of ${total} bytes accepted`),
        onSuccess: () => resolve(),
        onError: (error) => reject(tusError(step, error, this.endpoints, scrubText)),
      })
      upload.start()
    }).finally(() => source.destroy())
  }

  private uploadTimeoutMs(bytes: number): number {
    return this.timings.requestTimeoutMs + Math.ceil((bytes / this.timings.minUploadBytesPerSecond) * 1000)
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** tus-js-client's Node stack has no timeouts: this one aborts a request that takes longer than its budget, which tus then retries. */
class TimeoutHttpStack implements tus.HttpStack {
  constructor(
    private readonly inner: tus.HttpStack,
    private readonly timeoutFor: (method: string) => number,
  ) {}

  createRequest(method: string, url: string): tus.HttpRequest {
    return new TimeoutHttpRequest(this.inner.createRequest(method, url), this.timeoutFor(method))
  }

  getName(): string {
    return `Timeout(${this.inner.getName()})`
  }
}

class TimeoutHttpRequest implements tus.HttpRequest {
  constructor(
    private readonly inner: tus.HttpRequest,
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

  send(body: unknown): Promise<tus.HttpResponse> {
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
