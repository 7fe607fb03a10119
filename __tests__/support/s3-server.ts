import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, parsePrivateKey } from '../../src/bundle/keys.js'
import { packBundle } from '../../src/bundle/pack.js'
import type { PackedBundle, S3StorageSettings } from '../../src/types.js'
import { recordingLogger, type RecordingLogger } from './fixtures.js'

// s3rver ships CommonJS without types; these are the few parts the tests touch.
interface KoaContext {
  method: string
  path: string
  query: Record<string, string | undefined>
  status: number
  type: string
  body: unknown
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>
interface S3rverInstance {
  middleware: KoaMiddleware[]
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string }
  run(): Promise<AddressInfo>
  close(): Promise<void>
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance
interface AwsAccountModule {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void }
}

const require = createRequire(import.meta.url)
const S3rver = require('s3rver') as S3rverConstructor
const accounts = require('s3rver/lib/models/account') as AwsAccountModule

/**
 * s3rver checks that the access key exists but not the SigV4 signature, so
 * the secret only has to be distinctive enough to search logs for.
 */
export const TEST_ACCESS_KEY_ID = 'AKIACAPGOBUNDLETEST'
export const TEST_SECRET_ACCESS_KEY = 'capgo-test-secret/7Qz+K2vW9xLm4Np8Rt'
accounts.DUMMY_ACCOUNT.createKeyPair(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY)

export interface S3TestServer {
  /** http://127.0.0.1:port, path-style. */
  endpoint: string
  bucket: string
  /** Where s3rver keeps an object's bytes. */
  objectPath(key: string): string
  /** Upload ids of multipart uploads neither completed nor aborted. */
  pendingUploads(): Promise<string[]>
  stop(): Promise<void>
}

/**
 * s3rver 3.7 answers AbortMultipartUpload with 405; this does what S3 does
 * (drop the parts) so the tests can see that an abort happened.
 */
function abortMultipartUpload(server: S3rverInstance): KoaMiddleware {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId
    if (ctx.method !== 'DELETE' || !uploadId) return next()
    const bucket = ctx.path.split('/').filter(Boolean)[0] ?? ''
    const dir = join(server.store.getResourcePath(bucket, undefined, 'uploads'), uploadId)
    const found = await readdir(dir).then(
      () => true,
      () => false,
    )
    if (!found) {
      ctx.status = 404
      ctx.type = 'application/xml'
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>no such upload</Message></Error>'
      return
    }
    await rm(dir, { recursive: true, force: true })
    ctx.status = 204
    ctx.body = ''
  }
}

/** A real S3-compatible server on a loopback port, with `bucket` created and a private temp directory. */
export async function startS3Server(bucket = 'capgo-bundles'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  })
  server.middleware.unshift(abortMultipartUpload(server))
  const address = await server.run()
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    objectPath: (key) => server.store.getResourcePath(bucket, key, 'object'),
    async pendingUploads() {
      return readdir(server.store.getResourcePath(bucket, undefined, 'uploads')).catch(() => [])
    },
    async stop() {
      // A connection still open (a part cut off by an abort, a keep-alive socket) would hold close() until the hook times out.
      ;(server as unknown as { httpServer?: import('node:http').Server }).httpServer?.closeAllConnections()
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}

export type S3Operation =
  | 'HeadBucket'
  | 'HeadObject'
  | 'GetObject'
  | 'PutObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'DeleteObject'
  | 'Other'

export interface ProxiedRequest {
  operation: S3Operation
  method: string
  path: string
  partNumber?: number
  headers: IncomingMessage['headers']
  /** What the proxy did with it. */
  fault: Fault
  /** The status the client saw, when it saw one. */
  status?: number
}

/**
 * `pass` forwards, `drop` cuts the connection mid-body, a status of 400 or
 * more answers with an S3 error, a lower one answers with just `headers`
 * (a server that lies about what it stored).
 */
export type Fault = 'pass' | 'drop' | { status: number; headers?: Record<string, string> }
export type FaultRule = (request: ProxiedRequest, history: readonly ProxiedRequest[]) => Fault

function operationOf(method: string, url: URL): S3Operation {
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

const isPart = (request: ProxiedRequest) => request.operation === 'UploadPart'

/** Ready-made rules for the retry tests. */
export const faults = {
  /** Answers the first attempt at part `partNumber` with `status`. */
  failPartOnce(partNumber: number, status = 500): FaultRule {
    return (request, history) =>
      isPart(request) && request.partNumber === partNumber && !history.some((seen) => isPart(seen) && seen.partNumber === partNumber)
        ? { status }
        : 'pass'
  },
  /** Cuts the connection of the first body-carrying upload request once. */
  dropFirstUploadOnce(): FaultRule {
    return (request, history) =>
      (isPart(request) || request.operation === 'PutObject') && !history.some((seen) => seen.fault === 'drop') ? 'drop' : 'pass'
  },
  /** Every part fails; everything else (create, abort, head) passes. */
  failEveryPart(status = 500): FaultRule {
    return (request) => (isPart(request) ? { status } : 'pass')
  },
}

export interface FaultProxy {
  endpoint: string
  requests: ProxiedRequest[]
  setFault(rule: FaultRule): void
  stop(): Promise<void>
}

function s3ErrorXml(status: number): string {
  const code = status === 503 ? 'SlowDown' : status === 500 ? 'InternalError' : 'InjectedFault'
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected fault ${status}</Message></Error>`
}

/** Reads and discards a request body; resolves once it is all in (or the client went away). */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('end', resolve).on('close', resolve).on('error', resolve)
    req.resume()
  })
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, record: ProxiedRequest): void {
  const headers = { ...req.headers }
  // The proxy already answered 100-continue; passing it on would make the upstream wait again.
  delete headers.expect
  const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
    record.status = answer.statusCode
    res.writeHead(answer.statusCode ?? 502, answer.headers)
    answer.pipe(res)
  })
  upstream.on('error', () => res.destroy())
  req.pipe(upstream)
}

/** Backend settings for the test server reached through `via` (the fault proxy): path-style, the test keys, `overrides` on top. */
export function proxiedS3Settings(
  server: S3TestServer,
  via: { endpoint: string },
  keyTemplate: string,
  overrides: Partial<S3StorageSettings> = {},
): S3StorageSettings {
  return {
    kind: 's3',
    bucket: server.bucket,
    region: 'us-east-1',
    endpoint: via.endpoint,
    forcePathStyle: true,
    keyTemplate,
    accessKeyId: TEST_ACCESS_KEY_ID,
    secretAccessKey: TEST_SECRET_ACCESS_KEY,
    allowInsecurePublicUrl: true,
    overwrite: false,
    verifyUpload: false,
    ...overrides,
  }
}

/**
 * An HTTP proxy in front of the S3 server that records every request and
 * injects faults chosen by a rule, so retry behaviour is observed on the
 * wire rather than assumed.
 */
export async function startFaultProxy(targetEndpoint: string): Promise<FaultProxy> {
  const target = new URL(targetEndpoint)
  const requests: ProxiedRequest[] = []
  let rule: FaultRule = () => 'pass'

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const record: ProxiedRequest = {
      operation: operationOf(req.method ?? 'GET', url),
      method: req.method ?? 'GET',
      path: url.pathname,
      partNumber: url.searchParams.has('partNumber') ? Number(url.searchParams.get('partNumber')) : undefined,
      headers: req.headers,
      fault: 'pass',
    }
    record.fault = rule(record, requests)
    requests.push(record)

    const { fault } = record
    if (fault === 'pass') return forward(req, res, target, record)
    if (fault === 'drop') {
      req.once('data', () => req.socket.destroy())
      req.once('end', () => req.socket.destroy())
      return
    }
    void drain(req).then(() => {
      record.status = fault.status
      if (fault.status < 400) return void res.writeHead(fault.status, fault.headers).end()
      res.writeHead(fault.status, { 'content-type': 'application/xml', connection: 'close', ...fault.headers })
      res.end(s3ErrorXml(fault.status))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setFault(next) {
      rule = next
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port with nothing listening: for "wrong endpoint" tests. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

// ---- Fixtures shared by the storage tests (s3 and http-put) ----

export { recordingLogger, type RecordingLogger }

export interface TestBundle {
  /** The record packBundle produced, with the public key attached for verify-upload. */
  bundle: PackedBundle & { publicKey: string }
  publicPem: string
}

/**
 * A real encrypted bundle from packBundle. `payloadBytes` of random data go
 * into one file; random bytes do not deflate, so the encrypted file is a
 * little larger than that.
 */
export async function makeBundle(dir: string, payloadBytes: number, version = '1.0.0'): Promise<TestBundle> {
  const root = await mkdtemp(join(dir, 'bundle-'))
  const buildDir = join(root, 'build')
  await mkdir(join(buildDir, 'assets'), { recursive: true })
  await writeFile(join(buildDir, 'index.html'), '<!doctype html><script src="assets/app.bin"></script>')
  await writeFile(join(buildDir, 'assets', 'app.bin'), randomBytes(payloadBytes))
  const { privatePem, publicPem } = generateKeyPair()
  const logger = recordingLogger()
  const key = parsePrivateKey(privatePem, logger)
  const packed = await packBundle(
    { buildDir, appId: 'com.example.app', version, outputDir: join(root, 'out'), key, checksumFormat: 'v3' },
    logger,
  )
  return { bundle: { ...packed, publicKey: publicPem }, publicPem }
}
