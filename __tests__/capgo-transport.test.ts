// The Capgo client's JSON requests on node:http (publish/http.ts sendSmall): time-out on progress,
// cancellation, no redirects, and set_manifest's body streamed byte for byte.
import { spawnSync } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { ManifestEntry } from '../src/publish/capgo/api.js'
import { resolveEndpoints } from '../src/publish/capgo/endpoints.js'
import { CapgoRequestError } from '../src/publish/capgo/errors.js'
import { manifestBody } from '../src/publish/capgo/manifest-body.js'
import { CapgoTransport, type JsonRequest } from '../src/publish/capgo/transport.js'
import { bundleErrorOf, recordingLogger } from './support/fixtures.js'

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

/** A loopback server; `handle` answers each request once its body has arrived. Returns its base URL and the requests seen. */
async function serve(
  handle: Handler,
): Promise<{ url: string; seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: Buffer }> }> {
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: Buffer }> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      seen.push({ method: req.method, url: req.url, headers: req.headers, body })
      handle(req, res, body)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

function transport(base: string, requestTimeoutMs: number, signal?: AbortSignal): CapgoTransport {
  return new CapgoTransport(
    resolveEndpoints({ apiUrl: `${base}/api`, filesUrl: `${base}/files` }),
    recordingLogger(),
    { requestTimeoutMs, retry: { attempts: 2, baseDelayMs: 1 }, tusRetryDelays: [] },
    signal,
  )
}

const step = () => ({ what: 'reading the Capgo server config', family: 'api' }) as const
const get = (base: string): JsonRequest => ({ method: 'GET', url: `${base}/api/private/config`, headers: { authorization: 'token' } })

describe('Capgo JSON requests', () => {
  it('end when the answer stalls after its headers and part of its body, as a time-out, retried', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"supaHost":')
    })
    const capgo = transport(url, 200)
    const started = Date.now()
    const config = step()
    const error = await bundleErrorOf(capgo.retried(config, () => capgo.json(config, get(url))))
    expect(error).toBeInstanceOf(CapgoRequestError)
    expect(error.message).toBe(
      `No progress from ${url} for 0.2 s (request-timeout), 2 attempts while reading the Capgo server config; check capgo-api-url or raise request-timeout.`,
    )
    expect(seen).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('do not end while an answer keeps moving, however long it takes in all', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const parts = ['{"a":', '"', 'x'.repeat(10), '"', '}']
      const drip = setInterval(() => {
        const part = parts.shift()
        if (part === undefined) {
          clearInterval(drip)
          res.end()
        } else res.write(part)
      }, 80)
    })
    const capgo = transport(url, 250)
    // Six gaps of 80 ms: 480 ms in all, each gap under the 250 ms without progress.
    await expect(capgo.json(step(), get(url))).resolves.toEqual({ a: 'x'.repeat(10) })
  })

  it('stop at once on cancel, before the headers and while the body stalls, with the cancel reason', async () => {
    const { url } = await serve((req, res) => {
      if (req.url?.includes('body')) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{')
      }
    })
    for (const path of ['headers', 'body']) {
      const controller = new AbortController()
      const capgo = transport(url, 60_000, controller.signal)
      const reason = new Error(`cancelled during ${path}`)
      const request = capgo.json(step(), { ...get(url), url: `${url}/api/${path}` })
      setTimeout(() => controller.abort(reason), 100)
      const started = Date.now()
      await expect(request).rejects.toBe(reason)
      expect(Date.now() - started).toBeLessThan(2_000)
    }
  })

  it('do not follow a redirect: the token never reaches the other host', async () => {
    const other = await serve((_req, res) => res.end('{}'))
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url}/api/private/config` })
      res.end('{"moved":true}')
    })
    const capgo = transport(url, 2_000)
    const error = await bundleErrorOf(capgo.retried(step(), () => capgo.json(step(), get(url))))
    expect(error).toMatchObject({ code: 'capgo_redirect', input: 'capgo-api-url' })
    expect(error.message).toBe(
      'Capgo answered reading the Capgo server config with a redirect (HTTP 307); set capgo-api-url to the final address.',
    )
    expect(seen).toHaveLength(1)
    expect(other.seen).toEqual([])
  })

  it('send a 3,001-entry set_manifest body with its length, byte for byte JSON.stringify, again in full on a retry', async () => {
    let attempts = 0
    const { url, seen } = await serve((_req, res) => {
      attempts++
      res.writeHead(attempts === 1 ? 503 : 200, { 'content-type': 'application/json' })
      res.end(attempts === 1 ? '{"error":"busy"}' : '')
    })
    const entries: ManifestEntry[] = Array.from({ length: 3_001 }, (_, index) => ({
      file_name: index % 5 ? `js/chunk-${index}.js.br` : `assets/ünïcode "quoted"\\/é-${index}.css`,
      s3_path: `orgs/o/apps/a/delta/${'ab'.repeat(16)}/${index}_x`,
      file_hash: 'cd'.repeat(256),
      file_size_receipt: `r${index}`,
    }))
    const capgo = transport(url, 2_000)
    const body = manifestBody('com.example.app', '1.2.3-β', entries)
    const request: JsonRequest = {
      method: 'POST',
      url: `${url}/api/private/set_manifest`,
      headers: { 'content-type': 'application/json' },
      body,
    }
    await capgo.retried(step(), () => capgo.json(step(), request))
    const expected = Buffer.from(JSON.stringify({ app_id: 'com.example.app', name: '1.2.3-β', manifest: entries }))
    expect(expected.length).toBeGreaterThan(1_900_000)
    expect(seen).toHaveLength(2)
    for (const { headers, body: received } of seen) {
      expect(headers['content-length']).toBe(String(expected.length))
      expect(headers['transfer-encoding']).toBeUndefined()
      expect(received.equals(expected)).toBe(true)
    }
  })

  it('keep the answer\u2019s status and headers for a probe, its body unread', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(206, { 'x-capgo-manifest-size-receipt': 'receipt-1' })
      res.end('x')
    })
    const answer = await transport(url, 2_000).raw({
      method: 'GET',
      url: `${url}/files/read/attachments/a`,
      headers: { range: 'bytes=0-0' },
    })
    expect(answer.status).toBe(206)
    expect(answer.headers['x-capgo-manifest-size-receipt']).toBe('receipt-1')
    answer.discard()
  })
})

describe('undici', () => {
  it('is never loaded by the Capgo client, set_manifest included (fetch costs 13-18 MB of RSS on first use)', () => {
    // A fresh process: vitest itself may have used fetch. On Node 24, importing node:http as an ES module
    // loads undici's module itself (its namespace reads every export), so only what loads after it counts;
    // there a fetch adds no module, and this check bites on the Node 20 run of the suite.
    const script = `
      const { createServer } = await import('node:http')
      const before = new Set(process.moduleLoadList)
      const { CapgoTransport } = await import('./src/publish/capgo/transport.ts')
      const { manifestBody } = await import('./src/publish/capgo/manifest-body.ts')
      const server = createServer((req, res) => { req.resume(); req.on('end', () => res.end('{"ok":true}')) })
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      const base = 'http://127.0.0.1:' + server.address().port
      const logger = { debug() {}, info() {}, warning() {}, error() {}, secret() {} }
      const capgo = new CapgoTransport({ api: base, files: base }, logger, { requestTimeoutMs: 5000, retry: { attempts: 1, baseDelayMs: 1 }, tusRetryDelays: [] })
      const step = { what: 'x', family: 'api' }
      await capgo.json(step, { method: 'GET', url: base + '/a', headers: {} })
      const body = manifestBody('a', '1', [{ file_name: 'a', s3_path: 'b', file_hash: 'c' }])
      await capgo.json(step, { method: 'POST', url: base + '/m', headers: {}, body })
      ;(await capgo.raw({ method: 'GET', url: base + '/p', headers: {} })).discard()
      server.close()
      console.log(JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name) && name.includes('undici'))))
    `
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null')).toEqual([])
  })
})
