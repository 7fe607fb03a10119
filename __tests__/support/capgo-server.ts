import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CapgoRemoteState } from './capgo-remote.js'

/**
 * A loopback Capgo that answers the requests of shared/capgo-api.md the way
 * the real one does, checks credentials like it, records every request, and
 * can be told to fail, hang or drop a connection at any step.
 *
 * One port serves every "host" under a path prefix:
 *   /api/...                   the Capgo API (api.capgo.app)
 *   /files-host/...            the files API (files.capgo.app), TUS included
 *   /supa/rest/v1/...          PostgREST of supaHost
 *   /supa/functions/v1/...     the self-hosted layout: API and files paths
 *   /r2/<key>?X-Amz-Signature  presigned PUT targets (object storage)
 */

export type CapgoStep =
  | 'config'
  | 'app'
  | 'exist'
  | 'actor'
  | 'row'
  | 'finalize_legacy'
  | 'files_config'
  | 'upload_link'
  | 'put'
  | 'tus_create'
  | 'tus_head'
  | 'tus_patch'
  | 'finalize'
  | 'channel'
  | 'delete'
  | 'set_manifest'
  | 'delta_probe'

export type Layout = 'api' | 'files' | 'functions' | 'rest' | 'storage'

export interface RecordedRequest {
  step: CapgoStep | 'unknown'
  layout: Layout | 'unknown'
  method: string
  /** Path and query as received. */
  path: string
  headers: IncomingHttpHeaders
  /** Parsed JSON body, when there was one. */
  body?: unknown
  /** Bytes received by a PUT or PATCH. */
  bytes?: number
  /** What the server answered; 0 when it hung or dropped the connection. */
  status: number
  /** Answered by the release-control state (capgo-remote.ts); left out of `steps()`. */
  release?: true
}

export interface TusSwitches {
  enabled: boolean
  forced: boolean
  maxChunkSize: number
  maxUploadLength: number
  /** files/config alertUploadSize (release control: above it, a warning). */
  alertUploadSize?: number
}

export interface CapgoServerOptions {
  token?: string
  supaKey?: string
  appId?: string
}

interface Failure {
  status: number
  remaining: number
  /** Text the error body carries, to test that server words are scrubbed. */
  message?: string
}

/** Delta (manifest) switches: what files/config advertises, receipts, and per-file failures (capgo-api.md "Delta uploads"). */
export interface DeltaSwitches {
  /** files/config `partialUpload`; undefined leaves the key out. */
  partialUpload?: boolean
  partialUploadForced?: boolean
  /** Send `X-Capgo-Manifest-Size-Receipt` on the last response of a delta upload (and on a probe hit); a function decides per s3_path. */
  receipts: boolean | ((s3Path: string) => boolean)
}

interface DeltaFailure {
  match: (s3Path: string) => boolean
  status: number
  remaining: number
}

interface TusUpload {
  length: number
  metadata: Record<string, string>
  chunks: Buffer[]
  offset: number
}

type Row = Record<string, unknown> & { id: number; name: string; app_id: string }

const APP_VERSION_COLUMNS = new Set([
  'name',
  'app_id',
  'session_key',
  'checksum',
  'key_id',
  'storage_provider',
  'owner_org',
  'user_id',
  'native_packages',
  'link',
  'comment',
  'min_update_version',
  'external_url',
  'manifest',
  'r2_path',
  'cli_version',
])

export class CapgoTestServer {
  readonly token: string
  readonly supaKey: string
  readonly appId: string
  readonly ownerOrg = randomUUID()
  readonly userId = randomUUID()
  readonly requests: RecordedRequest[] = []

  appMissing = false
  versionExists = false
  newFinalize = true
  /** What `/private/config` says supaHost is; defaults to this server's /supa. */
  advertisedSupaHost?: string
  tus: TusSwitches = { enabled: false, forced: false, maxChunkSize: 100 * 1024 * 1024, maxUploadLength: 1024 * 1024 * 1024 }

  delta: DeltaSwitches = { partialUpload: false, partialUploadForced: false, receipts: true }
  /** set_manifest bodies' entries, by version name, as the server stored them. */
  readonly manifests = new Map<string, Array<Record<string, unknown>>>()
  private readonly deltaFailures: DeltaFailure[] = []
  private readonly deltaHangs: Array<(s3Path: string) => boolean> = []
  private deltaInFlight = 0
  /** The most delta uploads created and not yet complete at one time. */
  maxDeltaInFlight = 0

  readonly rows = new Map<string, Row>()
  readonly objects = new Map<string, Buffer>()
  readonly channels = new Map<string, string>()
  /** Release control (capgo-remote.ts): channels with versions, strategies, rollouts, permissions, events. */
  readonly remote: CapgoRemoteState = new CapgoRemoteState(this)
  /** Every presigned URL handed out: credentials that must never be printed. */
  readonly issuedUrls: string[] = []

  private readonly failures = new Map<CapgoStep, Failure>()
  private readonly hangs = new Set<CapgoStep>()
  private dropAfterBytes?: number
  private readonly signatures = new Map<string, string>()
  private readonly uploads = new Map<string, TusUpload>()
  private nextRowId = 1
  newRowId(): number {
    return this.nextRowId++
  }
  private readonly server: Server
  private base = ''

  private constructor(options: CapgoServerOptions) {
    this.token = options.token ?? `capgo_test_${randomBytes(12).toString('hex')}`
    this.supaKey = options.supaKey ?? `anon.${randomBytes(8).toString('hex')}`
    this.appId = options.appId ?? 'com.example.liveupdate'
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: 'test_server_bug', message: String(error) })
      })
    })
  }

  static async start(options: CapgoServerOptions = {}): Promise<CapgoTestServer> {
    const server = new CapgoTestServer(options)
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve))
    server.base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`
    return server
  }

  get url(): string {
    return this.base
  }
  get apiUrl(): string {
    return `${this.base}/api`
  }
  get filesUrl(): string {
    return `${this.base}/files-host`
  }
  get supaHost(): string {
    return `${this.base}/supa`
  }

  /** Answer `status` at `step`, `times` times (default: always). */
  fail(step: CapgoStep, status: number, times = Infinity, message?: string): void {
    this.failures.set(step, { status, remaining: times, message })
  }

  /** Refuse the TUS creation of delta files whose s3_path `match`es (`times` times; default always), with `status`. */
  failDelta(match: (s3Path: string) => boolean, status = 500, times = Infinity): void {
    this.deltaFailures.push({ match, status, remaining: times })
  }

  /** Never answer the TUS creation of delta files whose s3_path `match`es (every attempt). */
  hangDelta(match: (s3Path: string) => boolean): void {
    this.deltaHangs.push(match)
  }

  /** Refuse the creation of the `n`th delta file to arrive (1-based), and every retry of that same file. */
  failNthDelta(n: number, status = 500): void {
    let target: string | undefined
    let seen = 0
    const counted = new Set<string>()
    this.failDelta((path) => {
      if (target !== undefined) return path === target
      if (!counted.has(path)) {
        counted.add(path)
        seen++
      }
      if (seen === n) target = path
      return target === path
    }, status)
  }

  /** Delta files stored (s3_path → bytes); the zip objects are left out. */
  deltaObjects(): Map<string, Buffer> {
    return new Map([...this.objects].filter(([key]) => key.includes('/delta/')))
  }

  /** The receipt this server hands out for an s3_path and size (opaque to clients). */
  receiptFor(s3Path: string, size: number): string {
    return Buffer.from(JSON.stringify({ p: s3Path, s: size })).toString('base64url')
  }

  /** Never answer at `step`. */
  hang(step: CapgoStep): void {
    this.hangs.add(step)
  }

  /** Drop the connection of the next TUS PATCH once it has delivered `bytes` bytes (which are kept, as a TUS server does). */
  dropTusOnce(bytes: number): void {
    this.dropAfterBytes = bytes
  }

  /** The steps of the publish sequence; release-control requests (reads, checks, events) are left out. */
  steps(): Array<CapgoStep | 'unknown'> {
    return this.requests.filter((request) => !request.release).map((request) => request.step)
  }

  requestsAt(step: CapgoStep): RecordedRequest[] {
    return this.requests.filter((request) => request.step === step)
  }

  objectKey(version: string): string {
    return `orgs/${this.ownerOrg}/apps/${this.appId}/${version}.zip`
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base)
    const { layout, rest } = splitLayout(url.pathname)
    const method = req.method ?? 'GET'
    const streamed = method === 'PUT' || method === 'PATCH'
    const body = streamed ? undefined : await readJson(req)
    const step = stepOf(layout, method, rest, body)
    const record: RecordedRequest = { step, layout, method, path: `${url.pathname}${url.search}`, headers: req.headers, body, status: 0 }
    this.requests.push(record)
    res.on('finish', () => (record.status = res.statusCode))

    if (step === 'unknown' && (await this.remote.handle(req, res, layout, rest, url, record))) {
      record.release = true
      return
    }
    if (step === 'unknown') return sendJson(res, 404, { error: 'not_found', message: `no route ${method} ${url.pathname}` })
    if (this.hangs.has(step)) return
    const failure = this.failures.get(step)
    if (failure && failure.remaining > 0) {
      failure.remaining--
      if (streamed) req.resume()
      return sendJson(res, failure.status, { error: 'injected_failure', message: failure.message ?? `${step} failed on purpose` })
    }
    const refusal = this.checkAuth(layout, step, req.headers, url)
    if (refusal) {
      if (streamed) req.resume()
      return sendJson(res, refusal.status, refusal.body)
    }

    switch (step) {
      case 'config':
        return sendJson(res, 200, {
          supaHost: this.advertisedSupaHost ?? this.supaHost,
          supaKey: this.supaKey,
          useNewFinalizeBundleUpload: this.newFinalize,
        })
      case 'app':
        return this.answerApp(res, decodeURIComponent(rest.slice('app/'.length)))
      case 'exist':
        return this.answerExist(res, asRecord(body))
      case 'actor':
        return sendJson(res, 200, this.userId)
      case 'row':
      case 'finalize_legacy':
        return this.upsertRow(res, url, req.headers, asRecord(body))
      case 'files_config':
        return sendJson(res, 200, {
          ...(this.delta.partialUpload === undefined ? {} : { partialUpload: this.delta.partialUpload }),
          ...(this.delta.partialUploadForced === undefined ? {} : { partialUploadForced: this.delta.partialUploadForced }),
          TUSUpload: this.tus.enabled,
          TUSUploadForced: this.tus.forced,
          maxUploadLength: this.tus.maxUploadLength,
          maxChunkSize: this.tus.maxChunkSize,
          alertUploadSize: this.tus.alertUploadSize ?? 20 * 1024 * 1024,
        })
      case 'upload_link':
        return this.answerUploadLink(res, asRecord(body))
      case 'put':
        return this.receivePut(req, res, url, record)
      case 'tus_create':
        return this.createTus(req, res, url)
      case 'tus_head':
        return this.headTus(res, rest)
      case 'tus_patch':
        return this.patchTus(req, res, rest, record)
      case 'finalize':
        return this.answerFinalize(res, asRecord(body))
      case 'channel':
        return this.answerChannel(res, asRecord(body))
      case 'delete':
        if (this.remote.deleteFailed(res, asRecord(body))) return
        return this.answerDelete(res, asRecord(body))
      case 'set_manifest':
        return this.answerSetManifest(res, asRecord(body))
      case 'delta_probe':
        return this.answerProbe(res, rest)
    }
  }

  /** Like the real services: API and files want the API key in both headers; PostgREST wants the anon key and takes permissions from capgkey; storage takes only its signature. */
  private checkAuth(
    layout: Layout | 'unknown',
    step: CapgoStep,
    headers: IncomingHttpHeaders,
    url: URL,
  ): { status: number; body: unknown } | undefined {
    if (layout === 'rest') {
      if (headers.apikey !== this.supaKey || headers.authorization !== `Bearer ${this.supaKey}`)
        return { status: 401, body: { message: 'Invalid API key' } }
      if (headers.capgkey !== this.token) return { status: 401, body: { code: 'PGRST301', message: 'invalid capgkey' } }
      return undefined
    }
    if (layout === 'storage') {
      const key = this.signatures.get(url.searchParams.get('X-Amz-Signature') ?? '')
      if (!key || `/r2/${key}` !== url.pathname) return { status: 403, body: { error: 'SignatureDoesNotMatch' } }
      if (headers.authorization) return { status: 400, body: { error: 'InvalidArgument', message: 'Only one auth mechanism allowed' } }
      if (headers['content-type'] !== 'application/zip')
        return { status: 403, body: { error: 'SignatureDoesNotMatch', message: 'content-type is signed as application/zip' } }
      if (headers['content-length'] === undefined) return { status: 411, body: { error: 'MissingContentLength' } }
      return undefined
    }
    // The existence probe of plaintext delta files is unauthenticated (capgo-api.md "Delta uploads"), and so is
    // files/config: the official CLI reads it first, without a key, to learn partialUpload.
    if (step === 'delta_probe' || step === 'files_config') return undefined
    // TUS takes the API key in Authorization alone: the official CLI sends no capgkey there.
    if (
      step.startsWith('tus_') &&
      headers.authorization === this.token &&
      (headers.capgkey === undefined || headers.capgkey === this.token)
    ) {
      return headers['tus-resumable'] === '1.0.0' ? undefined : { status: 412, body: { error: 'unsupported_tus_version' } }
    }
    // Through the Supabase functions gateway the official CLI sends the anon key as Bearer and the API key in capgkey.
    const gateway = layout === 'functions' && headers.authorization === `Bearer ${this.supaKey}` && headers.capgkey === this.token
    if (!gateway && (headers.authorization !== this.token || headers.capgkey !== this.token))
      return { status: 401, body: { error: 'invalid_apikey', message: 'Invalid apikey' } }
    if (step.startsWith('tus_') && headers['tus-resumable'] !== '1.0.0') return { status: 412, body: { error: 'unsupported_tus_version' } }
    return undefined
  }

  private answerApp(res: ServerResponse, appId: string): void {
    if (this.appMissing || appId !== this.appId) return sendJson(res, 404, { error: 'app_not_found', message: 'App not found' })
    sendJson(res, 200, { app_id: this.appId, owner_org: this.ownerOrg, name: 'Live update example' })
  }

  private answerExist(res: ServerResponse, body: Record<string, unknown>): void {
    if (typeof body.appid !== 'string' || typeof body.name_version !== 'string')
      return sendJson(res, 400, { code: 'PGRST202', message: 'function arguments do not match' })
    sendJson(res, 200, this.versionExists || this.rows.has(body.name_version))
  }

  private upsertRow(res: ServerResponse, url: URL, headers: IncomingHttpHeaders, body: Record<string, unknown>): void {
    const unknown = Object.keys(body).find((column) => !APP_VERSION_COLUMNS.has(column))
    if (unknown)
      return sendJson(res, 400, {
        code: 'PGRST204',
        message: `Could not find the '${unknown}' column of 'app_versions' in the schema cache`,
      })
    if (typeof body.name !== 'string' || body.app_id !== this.appId || body.owner_org !== this.ownerOrg) {
      return sendJson(res, 403, { code: '42501', message: 'new row violates row-level security policy for table "app_versions"' })
    }
    const prefer = String(headers.prefer ?? '')
    const existing = this.rows.get(body.name)
    const merge = url.searchParams.get('on_conflict') === 'name,app_id' && prefer.includes('resolution=merge-duplicates')
    if (existing && !merge) return sendJson(res, 409, { code: '23505', message: 'duplicate key value violates unique constraint' })
    const row: Row = { ...existing, ...body, id: existing?.id ?? this.nextRowId++, name: body.name, app_id: this.appId }
    this.rows.set(row.name, row)
    if (prefer.includes('return=representation')) return sendJson(res, 201, [row])
    res.writeHead(201).end()
  }

  private answerUploadLink(res: ServerResponse, body: Record<string, unknown>): void {
    if (body.app_id !== this.appId || typeof body.name !== 'string' || body.version !== 0)
      return sendJson(res, 400, { error: 'invalid_body' })
    if (!this.rows.has(body.name)) return sendJson(res, 404, { error: 'version_not_found' })
    const key = this.objectKey(body.name)
    this.markR2Path(body.name) // net (issue 8)
    const signature = randomBytes(16).toString('hex')
    this.signatures.set(signature, key)
    const url = `${this.base}/r2/${key}?X-Amz-Expires=600&X-Amz-Signature=${signature}`
    this.issuedUrls.push(url)
    sendJson(res, 200, { url })
  }

  private async receivePut(req: IncomingMessage, res: ServerResponse, url: URL, record: RecordedRequest): Promise<void> {
    const data = await readAll(req)
    record.bytes = data.length
    if (data.length !== Number(req.headers['content-length'])) return sendJson(res, 400, { error: 'IncompleteBody' })
    this.objects.set(url.pathname.slice('/r2/'.length), data)
    res.writeHead(200, { etag: '"test"' }).end()
  }

  private createTus(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const length = Number(req.headers['upload-length'])
    if (!Number.isInteger(length) || length < 0) return sendJson(res, 400, { error: 'invalid_upload_length' })
    if (length > this.tus.maxUploadLength) return sendJson(res, 413, { error: 'upload_too_large' })
    const metadata = parseTusMetadata(String(req.headers['upload-metadata'] ?? ''))
    if (!metadata.filename?.startsWith(`orgs/${this.ownerOrg}/apps/${this.appId}/`))
      return sendJson(res, 403, { error: 'not_allowed_for_this_path' })
    req.resume()
    const isDelta = metadata.filename.includes('/delta/')
    if (isDelta && this.deltaHangs.some((match) => match(metadata.filename!))) return
    if (isDelta) {
      const failure = this.deltaFailures.find((candidate) => candidate.remaining > 0 && candidate.match(metadata.filename!))
      if (failure) {
        failure.remaining--
        return sendJson(res, failure.status, { error: 'injected_failure', message: `delta file ${metadata.filename} refused on purpose` })
      }
    }
    if (isDelta) this.maxDeltaInFlight = Math.max(this.maxDeltaInFlight, ++this.deltaInFlight)
    const id = randomUUID()
    if (!isDelta) this.markR2Path(/\/([^/]+)\.zip$/.exec(metadata.filename)?.[1] ?? '') // net (issue 8)
    this.uploads.set(id, { length, metadata, chunks: [], offset: 0 })
    res.writeHead(201, { location: `${this.base}${url.pathname.replace(/\/?$/, '/')}${id}`, 'tus-resumable': '1.0.0' }).end()
  }

  private headTus(res: ServerResponse, rest: string): void {
    const upload = this.uploads.get(rest.split('/').at(-1) ?? '')
    if (!upload) return void res.writeHead(404, { 'tus-resumable': '1.0.0' }).end()
    res
      .writeHead(200, {
        'upload-offset': String(upload.offset),
        'upload-length': String(upload.length),
        'tus-resumable': '1.0.0',
        'cache-control': 'no-store',
      })
      .end()
  }

  private async patchTus(req: IncomingMessage, res: ServerResponse, rest: string, record: RecordedRequest): Promise<void> {
    const upload = this.uploads.get(rest.split('/').at(-1) ?? '')
    if (!upload) return sendJson(res, 404, { error: 'upload_not_found' })
    if (req.headers['content-type'] !== 'application/offset+octet-stream') return sendJson(res, 415, { error: 'bad_content_type' })
    if (Number(req.headers['upload-offset']) !== upload.offset) return sendJson(res, 409, { error: 'offset_mismatch' })

    const dropAt = this.dropAfterBytes
    let received = 0
    const accept = (chunk: Buffer): void => {
      upload.chunks.push(chunk)
      upload.offset += chunk.length
      received += chunk.length
      record.bytes = received
    }
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (upload.offset + chunk.length > upload.length) return sendJson(res, 400, { error: 'exceeds_upload_length' })
      if (dropAt !== undefined && received + chunk.length >= dropAt) {
        accept(chunk.subarray(0, dropAt - received))
        this.dropAfterBytes = undefined
        req.socket.destroy()
        return
      }
      accept(chunk)
    }
    const headers: Record<string, string> = { 'upload-offset': String(upload.offset), 'tus-resumable': '1.0.0' }
    if (upload.offset === upload.length) {
      const filename = upload.metadata.filename!
      this.objects.set(filename, Buffer.concat(upload.chunks))
      if (filename.includes('/delta/')) this.deltaInFlight--
      if (filename.includes('/delta/') && this.receiptOn(filename))
        headers['x-capgo-manifest-size-receipt'] = this.receiptFor(filename, upload.length)
    }
    res.writeHead(204, headers).end()
  }

  private receiptOn(s3Path: string): boolean {
    return typeof this.delta.receipts === 'function' ? this.delta.receipts(s3Path) : this.delta.receipts
  }

  /** Records the manifest of a version whose every entry's file is stored, as the backend fills sizes from storage. */
  private answerSetManifest(res: ServerResponse, body: Record<string, unknown>): void {
    const row = typeof body.name === 'string' ? this.rows.get(body.name) : undefined
    if (body.app_id !== this.appId || !row) return sendJson(res, 404, { error: 'version_not_found' })
    if (!Array.isArray(body.manifest) || body.manifest.length === 0) return sendJson(res, 400, { error: 'invalid_manifest' })
    const entries = body.manifest.map(asRecord)
    for (const entry of entries) {
      if (typeof entry.file_name !== 'string' || typeof entry.s3_path !== 'string' || typeof entry.file_hash !== 'string')
        return sendJson(res, 400, { error: 'invalid_manifest_entry' })
      if (!entry.s3_path.startsWith(`orgs/${this.ownerOrg}/apps/${this.appId}/delta/`))
        return sendJson(res, 400, { error: 'invalid_s3_path', message: entry.s3_path })
      const stored = this.objects.get(entry.s3_path)
      if (!stored) return sendJson(res, 400, { error: 'file_not_found', message: `no stored file at ${entry.s3_path}` })
      if (entry.file_size_receipt !== undefined && entry.file_size_receipt !== this.receiptFor(entry.s3_path, stored.length)) {
        return sendJson(res, 400, { error: 'invalid_receipt', message: entry.s3_path })
      }
    }
    this.manifests.set(row.name, entries)
    sendJson(res, 200, { status: 'ok' })
  }

  /** `GET files/read/attachments/{encodeURIComponent(s3_path)}` with `range: bytes=0-0`: 206 with the first byte when stored, else 404. */
  private answerProbe(res: ServerResponse, rest: string): void {
    const s3Path = decodeURIComponent(rest.slice('files/read/attachments/'.length))
    const stored = this.objects.get(s3Path)
    if (!stored) return sendJson(res, 404, { error: 'not_found' })
    const headers: Record<string, string> = { 'content-range': `bytes 0-0/${stored.length}`, 'content-length': '1' }
    if (this.receiptOn(s3Path)) headers['x-capgo-manifest-size-receipt'] = this.receiptFor(s3Path, stored.length)
    res.writeHead(206, headers).end(stored.subarray(0, 1))
  }

  private answerFinalize(res: ServerResponse, body: Record<string, unknown>): void {
    const row = typeof body.name === 'string' ? this.rows.get(body.name) : undefined
    if (body.app_id !== this.appId || !row) return sendJson(res, 404, { error: 'version_not_found' })
    // A delta-only version has no zip; its manifest stands for the file.
    if (!this.objects.has(this.objectKey(row.name)) && !this.manifests.has(row.name))
      return sendJson(res, 400, { error: 'file_not_found', message: 'no uploaded file for this version' })
    row.storage_provider = 'r2'
    sendJson(res, 200, { status: 'ok' })
  }

  private answerChannel(res: ServerResponse, body: Record<string, unknown>): void {
    if (typeof body.channel === 'string' && typeof body.version === 'string' && this.rows.has(body.version))
      this.channels.set(body.channel, body.version)
    this.remote.postChannel(res, body)
  }

  private answerDelete(res: ServerResponse, body: Record<string, unknown>): void {
    this.deleteFailedVersion(res, body)
  }

  // ---- net (issue 8): delete_failed_version as Capgo's backend really behaves (capgo-api.md) ----

  /** The API key lacks `bundle.delete` on the app: delete_failed_version answers 401 not_authorized. */
  deleteForbidden = false

  /** upload_link and TUS record where the file goes, as the real backend sets app_versions.r2_path. */
  private markR2Path(version: string): void {
    const row = this.rows.get(version)
    if (row) row.r2_path = this.objectKey(version)
  }

  /**
   * Deletes only a row still `r2-direct` whose object is not stored; a finalized (`r2`) or `external`
   * row, or none at all, is "already deleted" (400); a stored file makes it refuse (400); 404 means
   * user or app not found, never "no such version". The object itself is never touched.
   */
  private deleteFailedVersion(res: ServerResponse, body: Record<string, unknown>): void {
    if (body.app_id !== this.appId || this.appMissing) return sendJson(res, 404, { error: 'app_not_found', message: 'Error App not found' })
    if (this.deleteForbidden) return sendJson(res, 401, { error: 'not_authorized', message: "You can't access this app" })
    if (typeof body.name !== 'string' || !body.name)
      return sendJson(res, 400, { error: 'error_bundle_name_missing', message: 'Error bundle name missing' })
    const row = this.rows.get(body.name)
    if (!row || row.storage_provider !== 'r2-direct')
      return sendJson(res, 400, { error: 'error_already_deleted', message: 'Already deleted' })
    if (typeof row.r2_path === 'string' && this.objects.has(row.r2_path)) {
      return sendJson(res, 400, {
        error: 'error_already_uploaded_to_s3',
        message: 'Error already uploaded to S3, delete is unsafe use the webapp to delete it',
      })
    }
    this.rows.delete(body.name)
    sendJson(res, 200, { status: 'ok' })
  }
  // ---- end net ----
}

function splitLayout(pathname: string): { layout: Layout | 'unknown'; rest: string } {
  const prefixes: Array<[string, Layout]> = [
    ['/api/', 'api'],
    ['/files-host/', 'files'],
    ['/supa/functions/v1/', 'functions'],
    ['/supa/rest/v1/', 'rest'],
    ['/r2/', 'storage'],
  ]
  for (const [prefix, layout] of prefixes) {
    if (pathname.startsWith(prefix)) return { layout, rest: pathname.slice(prefix.length) }
  }
  return { layout: 'unknown', rest: pathname }
}

/** Which request of capgo-api.md this is; API paths only on the API host, files paths only on the files host, both under functions/v1. */
function stepOf(layout: Layout | 'unknown', method: string, rest: string, body: unknown): CapgoStep | 'unknown' {
  const api = layout === 'api' || layout === 'functions'
  const files = layout === 'files' || layout === 'functions'
  const route = `${method} ${rest}`
  if (api && route === 'GET private/config') return 'config'
  if (api && method === 'GET' && /^app\/[^/]+$/.test(rest)) return 'app'
  if (api && route === 'POST private/finalize_bundle_upload') return 'finalize'
  if (api && route === 'POST channel') return 'channel'
  if (api && route === 'DELETE private/delete_failed_version') return 'delete'
  if (api && route === 'POST private/set_manifest') return 'set_manifest'
  if (files && method === 'GET' && rest.startsWith('files/read/attachments/')) return 'delta_probe'
  if (files && route === 'GET files/config') return 'files_config'
  if (files && route === 'POST files/upload_link') return 'upload_link'
  if (files && route === 'POST files/upload/attachments/') return 'tus_create'
  if (files && method === 'HEAD' && rest.startsWith('files/upload/attachments/')) return 'tus_head'
  if (files && method === 'PATCH' && rest.startsWith('files/upload/attachments/')) return 'tus_patch'
  if (layout === 'rest' && route === 'POST rpc/exist_app_versions') return 'exist'
  if (layout === 'rest' && route === 'POST rpc/request_actor_user_id') return 'actor'
  if (layout === 'rest' && route === 'POST app_versions') return asRecord(body).storage_provider === 'r2' ? 'finalize_legacy' : 'row'
  if (layout === 'storage' && method === 'PUT') return 'put'
  return 'unknown'
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readAll(req)).toString('utf8')
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function parseTusMetadata(header: string): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ')
    if (key) metadata[key] = value ? Buffer.from(value, 'base64').toString('utf8') : ''
  }
  return metadata
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
}

// ---- net (issue 8): request classification for the fault proxy ----
/** Which step of capgo-api.md a request (as it reaches this server) is; `body` is its JSON text when small. */
export function capgoStepOf(method: string, url: URL, body: string | undefined): CapgoStep | 'unknown' {
  const { layout, rest } = splitLayout(url.pathname)
  let parsed: unknown
  try {
    parsed = body ? (JSON.parse(body) as unknown) : undefined
  } catch {
    parsed = undefined
  }
  return stepOf(layout, method, rest, parsed)
}
// ---- end net ----
