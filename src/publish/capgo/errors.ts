import type * as tus from 'tus-js-client'
import { BundleError } from '../../errors.js'
import { describeHttpError, HttpStatusError, isTimeout, seconds, type Answer } from '../http.js'
import { inputFor, type CapgoEndpoints, type Family } from './endpoints.js'

/** One request, for messages: "while <what>". */
export interface Step {
  what: string
  family: Family
  /** Scheme and host the request went to, set when it is sent (never a path or query: presigned URLs are credentials). */
  origin?: string
}

/** How long and how often a request was tried, for the message of a time-out. */
export interface Patience {
  timeoutMs: number
  attempts: number
}

/** A request that failed for good. `status` is absent when no answer came (network, timeout). */
export class CapgoRequestError extends BundleError {
  readonly status?: number
  constructor(code: string, message: string, input: string | undefined, status?: number) {
    super(code, message, input)
    this.status = status
  }
}

type Scrub = (text: string) => string

/** A failed request in words for the person running the upload, naming the input to check; never a credential. */
export function toCapgoError(step: Step, error: unknown, endpoints: CapgoEndpoints, scrub: Scrub, patience?: Patience): BundleError {
  if (error instanceof BundleError) return error
  const input = inputFor(step.family, endpoints)
  if (error instanceof HttpStatusError) {
    if (error.status === 401 || error.status === 403) {
      return new CapgoRequestError(
        'capgo_unauthorized',
        `Capgo refused the capgo-token while ${step.what} (HTTP ${error.status}): check that the API key is right and allowed to upload to this app${error.detail ? ` (${error.detail})` : ''}.`,
        'capgo-token',
        error.status,
      )
    }
    return new CapgoRequestError(
      'capgo_http',
      `Capgo answered HTTP ${error.status} while ${step.what}${error.detail ? `: ${error.detail}` : ''}.`,
      input,
      error.status,
    )
  }
  if (isTimeout(error)) {
    const from = step.origin ? ` from ${step.origin}` : ''
    const tried = patience ? ` for ${seconds(patience.timeoutMs)} (request-timeout), ${patience.attempts} attempts` : ''
    return new CapgoRequestError(
      'capgo_timeout',
      `No progress${from}${tried} while ${step.what}; check ${input ?? 'the network'} or raise request-timeout.`,
      input,
    )
  }
  const reason = scrub(describeHttpError(error))
  return new CapgoRequestError(
    'capgo_unreachable',
    `Could not reach Capgo while ${step.what} (${reason})${input ? `; check ${input}` : ''}.`,
    input,
  )
}

/** The server's own words, short: Capgo answers `{ error, message }`; storage answers XML we do not show. */
export async function serverDetail(response: Pick<Answer, 'text'>, family: Family): Promise<string> {
  const text = await response.text().catch(() => '')
  if (family === 'upload') return ''
  return shortDetail(text)
}

export function shortDetail(text: string): string {
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

/** Why a TUS request failed, for the log line of a resume. */
export function tusReason(error: tus.DetailedError | Error, scrub: Scrub): string {
  const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined
  if (status) return `HTTP ${status}`
  const cause = 'causingError' in error ? error.causingError : null
  return scrub(cause ? describeHttpError(cause) : 'no answer')
}

/** A TUS upload that gave up, in the words of any other Capgo request. */
export function tusError(
  step: Step,
  error: tus.DetailedError | Error,
  endpoints: CapgoEndpoints,
  scrub: Scrub,
  patience?: Patience,
): BundleError {
  const status = 'originalResponse' in error ? error.originalResponse?.getStatus() : undefined
  if (status) {
    const body = 'originalResponse' in error ? (error.originalResponse?.getBody() ?? '') : ''
    return toCapgoError(step, new HttpStatusError(status, scrub(shortDetail(body))), endpoints, scrub)
  }
  const cause = 'causingError' in error && error.causingError ? error.causingError : error
  return toCapgoError(step, cause, endpoints, scrub, patience)
}
