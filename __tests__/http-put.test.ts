import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHttpPutStorage, type HttpPutOptions } from '../src/publish/http-put.js'
import { checkSettings } from '../src/publish/http-put-settings.js'
import type { UrlStorageSettings } from '../src/types.js'
import { closedPort, makeBundle, recordingLogger, type RecordingLogger, type TestBundle } from './support/s3-server.js'
import { bundleErrorOf } from './support/fixtures.js'

const FAST: HttpPutOptions = { retry: { attempts: 3, baseDelayMs: 5 } }
const SIGNATURE = 'f3b1c2d4e5a6978812ab34cd56ef7890aa11bb22cc33dd44ee55ff6677889900'
const CREDENTIAL = 'AKIAPRESIGNED/20250101/us-east-1/s3/aws4_request'
const QUERY = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}&X-Amz-Expires=900&X-Amz-Signature=${SIGNATURE}`

type Answer = 'store' | 'drop' | { status: number; code?: string }

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  bytes: number
  sha256: string
  answer: Answer
}

/**
 * Takes presigned-style PUTs under /upload/<name> and serves what it stored
 * under /files/<name>, the way a bucket behind a CDN would.
 */
function startPutServer() {
  const received: Received[] = []
  const stored = new Map<string, Buffer>()
  /** Serve stored files with one byte flipped mid-file: a CDN or storage that damaged the object. */
  const serving = { corrupt: false }
  let rule: (put: Received, history: readonly Received[]) => Answer = () => 'store'

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://server')
    const name = url.pathname.split('/').pop() ?? ''
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const body = stored.get(name)
      if (!body) return void res.writeHead(404).end()
      const served = Buffer.from(body)
      if (serving.corrupt) served[served.length >> 1] ^= 0xff
      return void res.writeHead(200, { 'content-type': 'application/zip', 'content-length': served.length }).end(served)
    }
    const put: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: 0, sha256: '', answer: 'store' }
    put.answer = rule(put, received)
    received.push(put)
    if (put.answer === 'drop') {
      req.once('data', () => req.socket.destroy())
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      put.bytes = body.length
      put.sha256 = createHash('sha256').update(body).digest('hex')
      const { answer } = put
      if (answer === 'store') {
        stored.set(name, body)
        return void res.writeHead(200, { etag: '"x"' }).end()
      }
      if (answer !== 'drop') {
        res.writeHead(answer.status, { 'content-type': 'application/xml' })
        res.end(
          `<?xml version="1.0"?><Error><Code>${answer.code ?? 'InternalError'}</Code><Message>signature ${SIGNATURE}</Message></Error>`,
        )
      }
    })
  })

  return {
    received,
    stored,
    serving,
    setRule(next: typeof rule) {
      rule = next
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

let work: string
let target: ReturnType<typeof startPutServer>
let origin: string
let bundle: TestBundle

function settings(overrides: Partial<UrlStorageSettings> = {}): UrlStorageSettings {
  return {
    kind: 'url',
    uploadUrl: `${origin}/upload/com.example.app_2.0.0.zip?${QUERY}`,
    headers: { 'x-amz-meta-channel': 'production', 'x-amz-security-token': 'session-token-value-123' },
    publicUrl: `${origin}/files/{appId}_{version}.zip`,
    allowInsecurePublicUrl: true,
    verifyUpload: false,
    ...overrides,
  }
}

async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

/** The presigned parts must appear nowhere a person (or a log) could read them. */
function expectNoCredentials(logger: RecordingLogger, ...messages: string[]): void {
  for (const text of [logger.text(), ...messages]) {
    expect(text).not.toContain(SIGNATURE)
    expect(text).not.toContain('X-Amz-Credential')
    expect(text).not.toContain('AKIAPRESIGNED')
    expect(text).not.toContain('/upload/')
    expect(text).not.toContain('session-token-value-123')
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'http-put-test-'))
  target = startPutServer()
  origin = await target.start()
  bundle = await makeBundle(work, 2 * 1024 * 1024, '2.0.0')
}, 30_000)

afterAll(async () => {
  await target?.stop()
  if (work) await rm(work, { recursive: true, force: true })
})

beforeEach(() => {
  target.received.length = 0
  target.stored.clear()
  target.serving.corrupt = false
  target.setRule(() => 'store')
})

describe('HTTP PUT storage', () => {
  it('checks without a request, then streams the encrypted file with length, type and extra headers', async () => {
    const logger = recordingLogger()
    const storage = await createHttpPutStorage(settings(), logger, FAST)
    const planned = await storage.check(bundle.bundle)
    expect(planned).toEqual({ key: origin, url: `${origin}/files/com.example.app_2.0.0.zip` })
    expect(target.received).toEqual([])

    expect(await storage.put(bundle.bundle)).toEqual(planned)
    expect(target.received).toHaveLength(1)
    const [put] = target.received
    expect(put.method).toBe('PUT')
    expect(put.url).toBe(`/upload/com.example.app_2.0.0.zip?${QUERY}`)
    expect(put.headers['content-type']).toBe('application/zip')
    expect(put.headers['content-length']).toBe(String(bundle.bundle.bundleSize))
    expect(put.headers['x-amz-meta-channel']).toBe('production')
    expect(put.headers['transfer-encoding']).toBeUndefined()
    expect(put.bytes).toBe(bundle.bundle.bundleSize)
    expect(put.sha256).toBe(await sha256File(bundle.bundle.path))
    expect(logger.text()).toBe(`info: Uploading com.example.app_2.0.0.zip (${bundle.bundle.bundleSize} bytes) to ${origin}`)
  })

  it('masks the presigned URL, its signature and credential headers before anything prints', async () => {
    const logger = recordingLogger()
    await createHttpPutStorage(settings(), logger, FAST)
    expect(logger.lines).toEqual([])
    expect(logger.secrets).toEqual(
      expect.arrayContaining([
        settings().uploadUrl,
        QUERY,
        SIGNATURE,
        CREDENTIAL,
        encodeURIComponent(CREDENTIAL),
        'session-token-value-123',
      ]),
    )
  })

  it('lets the presigned URL sign its own content-type but never lets a header change the length', async () => {
    const storage = await createHttpPutStorage(
      settings({ headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '1' } }),
      recordingLogger(),
      FAST,
    )
    await storage.put(bundle.bundle)
    expect(target.received[0].headers['content-type']).toBe('application/octet-stream')
    expect(target.received[0].headers['content-length']).toBe(String(bundle.bundle.bundleSize))
  })

  it('retries a 503 and logs the retry without the URL query', async () => {
    target.setRule((_put, history) => (history.length === 0 ? { status: 503, code: 'SlowDown' } : 'store'))
    const logger = recordingLogger()
    await (await createHttpPutStorage(settings(), logger, FAST)).put(bundle.bundle)

    expect(target.received.map((r) => r.answer)).toEqual([{ status: 503, code: 'SlowDown' }, 'store'])
    expect(target.received[1].sha256).toBe(await sha256File(bundle.bundle.path))
    expect(logger.text()).toMatch(new RegExp(`PUT to ${origin} failed \\(HTTP 503 SlowDown\\); retry 1 of 2 in \\d+ ms`))
    expectNoCredentials(logger)
  })

  it('survives a connection dropped mid-body by sending the whole file again', async () => {
    target.setRule((_put, history) => (history.length === 0 ? 'drop' : 'store'))
    const logger = recordingLogger()
    await (await createHttpPutStorage(settings(), logger, FAST)).put(bundle.bundle)

    expect(target.received.map((r) => r.answer)).toEqual(['drop', 'store'])
    expect(target.received[1].bytes).toBe(bundle.bundle.bundleSize)
    expect(target.received[1].sha256).toBe(await sha256File(bundle.bundle.path))
    expect(logger.text()).toMatch(/PUT to .* failed \(.*\); retry 1 of 2/)
  })

  it('ends a target that keeps failing in a clean error after a bounded number of attempts', async () => {
    target.setRule(() => ({ status: 500 }))
    const logger = recordingLogger()
    const error = await bundleErrorOf((await createHttpPutStorage(settings(), logger, FAST)).put(bundle.bundle))

    expect(target.received).toHaveLength(3)
    expect(error.code).toBe('upload_failed')
    expect(error.message).toBe(
      `Uploading com.example.app_2.0.0.zip to ${origin} failed after 3 attempts: HTTP 500 InternalError. Nothing was registered. A refused PUT stores nothing, but if ${origin}/files/com.example.app_2.0.0.zip serves a file from this run, delete it.`,
    )
    expect(logger.lines.filter((line) => line.message.includes('retry'))).toHaveLength(2)
    expectNoCredentials(logger, error.message)
  })

  it('does not retry a refused (expired) presigned URL and names upload-url', async () => {
    target.setRule(() => ({ status: 403, code: 'AccessDenied' }))
    const logger = recordingLogger()
    const error = await bundleErrorOf((await createHttpPutStorage(settings(), logger, FAST)).put(bundle.bundle))
    expect(target.received).toHaveLength(1)
    expect(error.code).toBe('upload_refused')
    expect(error.input).toBe('upload-url')
    expect(error.message).toContain(`${origin} refused the PUT of com.example.app_2.0.0.zip (HTTP 403 AccessDenied). Presigned URLs expire`)
    expectNoCredentials(logger, error.message)
  })

  it('names upload-url, by host only, when nothing listens there', async () => {
    const port = await closedPort()
    const logger = recordingLogger()
    const storage = await createHttpPutStorage(settings({ uploadUrl: `http://127.0.0.1:${port}/upload/x.zip?${QUERY}` }), logger, FAST)
    const error = await bundleErrorOf(storage.put(bundle.bundle))
    expect(error.code).toBe('upload_unreachable')
    expect(error.message).toBe(
      `Cannot reach http://127.0.0.1:${port} to upload com.example.app_2.0.0.zip (ECONNREFUSED); check upload-url.`,
    )
    expectNoCredentials(logger, error.message)
  })

  it('with verify-upload, downloads the public URL and verifies it like a device', async () => {
    const logger = recordingLogger()
    await (await createHttpPutStorage(settings({ verifyUpload: true }), logger, FAST)).put(bundle.bundle)
    expect(logger.text()).toContain(`Verified the stored copy at ${origin}/files/com.example.app_2.0.0.zip like a device (v3 checksum)`)
  })

  it('with verify-upload, fails when the public URL serves a damaged copy devices would reject', async () => {
    target.serving.corrupt = true
    const storage = await createHttpPutStorage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    const error = await bundleErrorOf(storage.put(bundle.bundle))
    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toContain(
      `The stored copy at ${origin}/files/com.example.app_2.0.0.zip fails verification: devices would reject this bundle (checksum_fail)`,
    )
    expect(error.message).toContain(`replace or delete the file behind ${origin}/files/com.example.app_2.0.0.zip and run again.`)
  })

  it('with verify-upload, fails when the public URL serves another file', async () => {
    // The public URL points at an older upload, not at what this run stored.
    const other = await makeBundle(work, 1024, '2.0.0')
    target.stored.set('stale.zip', await readFile(other.bundle.path))
    const storage = await createHttpPutStorage(
      settings({ verifyUpload: true, publicUrl: `${origin}/files/stale.zip` }),
      recordingLogger(),
      FAST,
    )
    const error = await bundleErrorOf(storage.put(bundle.bundle))
    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toContain(
      `The stored copy at ${origin}/files/stale.zip has ${other.bundle.bundleSize} bytes instead of ${bundle.bundle.bundleSize}`,
    )
  })

  it('with verify-upload, names public-url when devices could not download the bundle', async () => {
    const storage = await createHttpPutStorage(
      settings({ verifyUpload: true, publicUrl: `${origin}/files/missing-{version}.zip` }),
      recordingLogger(),
      FAST,
    )
    const error = await bundleErrorOf(storage.put(bundle.bundle))
    expect(error.code).toBe('public_url_unavailable')
    expect(error.input).toBe('public-url')
    expect(error.message).toContain(`${origin}/files/missing-2.0.0.zip could not be downloaded (HTTP 404)`)
  })

  it('requires an https public-url, naming public-url', async () => {
    const missing = await bundleErrorOf((async () => checkSettings(settings({ publicUrl: undefined }), bundle.bundle))())
    expect(missing.code).toBe('public_url_missing')
    expect(missing.input).toBe('public-url')

    const storage = await createHttpPutStorage(settings({ allowInsecurePublicUrl: false }), recordingLogger())
    const insecure = await bundleErrorOf(storage.check(bundle.bundle))
    expect(insecure.code).toBe('public_url_insecure')
    expect(insecure.input).toBe('public-url')

    const secure = await createHttpPutStorage(
      settings({ allowInsecurePublicUrl: false, publicUrl: 'https://cdn.example.com/{appId}/{version}.zip' }),
      recordingLogger(),
    )
    expect((await secure.check(bundle.bundle)).url).toBe('https://cdn.example.com/com.example.app/2.0.0.zip')
  })

  it('refuses an upload-url that is not http(s) without echoing it', async () => {
    const error = await bundleErrorOf((async () => checkSettings(settings({ uploadUrl: `ftp://host/x?${QUERY}` }), bundle.bundle))())
    expect(error.input).toBe('upload-url')
    expect(error.message).not.toContain(SIGNATURE)
  })
})
