import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A loopback HTTP proxy in front of one of the test servers (Capgo, S3, a
 * PUT/GET store) that injects one kind of fault at one step, so the fault
 * sweep observes retries and time-outs on the wire:
 *
 * - `http500`: the request is read and answered 500.
 * - `reset`:   the connection is reset (RST) once the request starts to arrive.
 * - `hang`:    the request is accepted, never read further, never answered.
 * - `trickle`: forwarded, but slowly: request bodies are read with a short
 *              pause after every MiB, the answer waits `gapMs`, then comes in
 *              four pieces `gapMs` apart. Every silence is shorter than the
 *              client's request-timeout while the whole exchange is longer,
 *              so only a time-out measured on progress lets it through.
 *              (Request bodies are paced gently: loopback socket buffers hold
 *              megabytes, so a sender sees nothing of a slow reader until its
 *              last byte is buffered, and then only silence.)
 *
 * Absolute URLs of the upstream in answers (JSON bodies, Location headers)
 * are rewritten to the proxy, so presigned URLs and TUS uploads come back
 * through it too.
 */
export type FaultKind = 'http500' | 'reset' | 'hang' | 'trickle' | 'lose-answer'
/** The sweep's four; `lose-answer` (forwarded, then the connection reset instead of the answer) is for targeted tests. */
export const FAULT_KINDS: readonly FaultKind[] = ['http500', 'reset', 'hang', 'trickle']

/** Names the step a request belongs to (e.g. "UploadPart", "row"); `body` is the request body for small non-upload requests. */
export type Classify = (method: string, url: URL, body: string | undefined) => string

export interface ProxiedRequest {
  step: string
  method: string
  path: string
  fault?: FaultKind
  status?: number
  /** The answer's body as the client got it, when forwarded and small. */
  answer?: string
}

export interface FaultProxyOptions {
  upstream: string
  classify: Classify
  /** Pause of a trickle; keep it under the client's request-timeout. */
  gapMs?: number
  /** Body of an injected 500 (S3 wants XML). */
  errorBody?: { type: string; text: string }
}

const MiB = 1024 * 1024
const BUFFERED_BODY_LIMIT = 64 * 1024

export class FaultProxy {
  readonly requests: ProxiedRequest[] = []
  private readonly upstream: URL
  private readonly sockets = new Set<Socket>()
  private readonly rules: Array<{ step: string; kind: FaultKind; remaining: number }> = []
  private base = ''

  private constructor(
    private readonly server: Server,
    private readonly options: FaultProxyOptions,
  ) {
    this.upstream = new URL(options.upstream)
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer()
    const proxy = new FaultProxy(server, options)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void proxy.handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    proxy.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return proxy
  }

  /** http://127.0.0.1:port, to use instead of the upstream's origin. */
  get url(): string {
    return this.base
  }

  /** Translates an upstream URL (e.g. capgo.apiUrl) to the same path through the proxy. */
  via(upstreamUrl: string): string {
    return upstreamUrl.split(this.upstream.origin).join(this.base)
  }

  /** Injects `kind` at the requests of `step`, `times` times (default: always); rules add up, the first that matches applies. */
  inject(step: string, kind: FaultKind, times = Infinity): void {
    this.rules.push({ step, kind, remaining: times })
  }

  steps(): string[] {
    return this.requests.map((request) => request.step)
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', this.base)
    const length = Number(req.headers['content-length'] ?? 0)
    const buffered = method !== 'PUT' && method !== 'PATCH' && length <= BUFFERED_BODY_LIMIT ? await readAll(req) : undefined
    const step = this.options.classify(method, url, buffered?.toString('utf8'))
    const record: ProxiedRequest = { step, method, path: url.pathname }
    this.requests.push(record)
    res.on('finish', () => (record.status = res.statusCode))

    const rule = this.rules.find((candidate) => candidate.step === step && candidate.remaining > 0)
    const fault = rule?.kind
    if (rule) rule.remaining--
    record.fault = fault

    if (fault === 'hang') {
      req.pause()
      return
    }
    if (fault === 'reset') {
      if (buffered || req.readableEnded) return void req.socket.resetAndDestroy()
      req.once('data', () => req.socket.resetAndDestroy())
      req.once('end', () => req.socket.resetAndDestroy())
      return
    }
    if (fault === 'http500') {
      if (!buffered) await readAll(req).catch(() => undefined)
      const body = this.options.errorBody ?? {
        type: 'application/json',
        text: JSON.stringify({ error: 'injected_fault', message: `${step} answered 500 on purpose` }),
      }
      res.writeHead(500, { 'content-type': body.type, 'content-length': Buffer.byteLength(body.text), connection: 'close' }).end(body.text)
      return
    }
    await this.forward(req, res, buffered, fault === 'trickle', record, fault === 'lose-answer')
  }

  private async forward(
    req: IncomingMessage,
    res: ServerResponse,
    buffered: Buffer | undefined,
    trickle: boolean,
    record: ProxiedRequest,
    loseAnswer = false,
  ): Promise<void> {
    const gap = this.options.gapMs ?? 300
    const headers = { ...req.headers, host: this.upstream.host }
    delete headers.expect
    const answer = await new Promise<IncomingMessage | undefined>((resolve) => {
      const upstream = request(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers, agent: false },
        resolve,
      )
      upstream.on('error', () => resolve(undefined))
      // A client that gave up (its time-out) must not leave a half-sent request at the upstream.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy()
      })
      if (buffered) return void upstream.end(buffered)
      if (!trickle) return void req.pipe(upstream)
      void pumpSlowly(req, upstream, Math.round(gap / 4))
    })
    if (!answer) return void res.destroy()
    const body = await readAll(answer).catch(() => undefined)
    if (body === undefined) return void res.destroy()
    if (loseAnswer) return void req.socket.resetAndDestroy()
    const responseHeaders = { ...answer.headers }
    let out = body
    if (typeof responseHeaders.location === 'string') responseHeaders.location = this.rewrite(responseHeaders.location)
    if (String(responseHeaders['content-type'] ?? '').includes('json')) out = Buffer.from(this.rewrite(body.toString('utf8')))
    // A HEAD answer carries the length of the body it leaves out.
    if (req.method !== 'HEAD' && (out.length !== body.length || responseHeaders['content-length'] !== undefined))
      responseHeaders['content-length'] = String(out.length)
    delete responseHeaders['transfer-encoding']
    if (out.length <= BUFFERED_BODY_LIMIT) record.answer = out.toString('utf8')

    if (!trickle || res.req.method === 'HEAD') {
      res.writeHead(answer.statusCode ?? 502, responseHeaders).end(out)
      return
    }
    await sleep(gap)
    res.writeHead(answer.statusCode ?? 502, responseHeaders)
    const piece = Math.max(1, Math.ceil(out.length / 4))
    for (let at = 0; at < out.length; at += piece) {
      if (res.destroyed) return
      res.write(out.subarray(at, at + piece))
      if (at + piece < out.length) await sleep(gap)
    }
    res.end()
  }

  private rewrite(text: string): string {
    return text.split(this.upstream.origin).join(this.base)
  }
}

/** Copies a request body with a pause after each MiB, respecting back-pressure. */
async function pumpSlowly(from: IncomingMessage, to: import('node:http').ClientRequest, gapMs: number): Promise<void> {
  let sinceGap = 0
  try {
    for await (const chunk of from as AsyncIterable<Buffer>) {
      if (!to.write(chunk)) await new Promise((resolve) => to.once('drain', resolve))
      sinceGap += chunk.length
      if (sinceGap >= MiB) {
        sinceGap = 0
        await sleep(gapMs)
      }
    }
    to.end()
  } catch {
    to.destroy()
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
    stream.on('close', () => (stream.readableEnded ? undefined : reject(new Error('closed early'))))
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The S3 operation of a path-style request. */
export const classifyS3: Classify = (method, url) => {
  const onObject = url.pathname.split('/').filter(Boolean).length > 1
  const has = (name: string) => url.searchParams.has(name)
  if (method === 'HEAD') return onObject ? 'HeadObject' : 'HeadBucket'
  if (method === 'GET' && onObject) return 'GetObject'
  if (method === 'PUT' && onObject) return has('partNumber') && has('uploadId') ? 'UploadPart' : 'PutObject'
  if (method === 'POST' && has('uploads')) return 'CreateMultipartUpload'
  if (method === 'POST' && has('uploadId')) return 'CompleteMultipartUpload'
  if (method === 'DELETE' && has('uploadId')) return 'AbortMultipartUpload'
  if (method === 'DELETE' && onObject) return 'DeleteObject'
  return 'Other'
}

export const S3_ERROR_BODY = {
  type: 'application/xml',
  text: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected fault</Message></Error>',
}
