/**
 * Memory benchmark for the S3 backend (not a test): uploads a 500 MB file
 * through createS3Storage(...).put() to s3rver on loopback and prints wall
 * time and peak RSS. Target: peak RSS under 150 MB.
 *
 *   npx tsx scripts/bench-upload.ts [--mb 500] [--queue 4] [--part-mib 5]
 *
 * s3rver runs in a child process (this script with --serve), so the peak is
 * the uploader's own. The script runs under tsx, whose loader thread adds
 * ~30 MB that the bundled action (plain node) does not have; the upload's
 * own share is printed separately as "growth during upload". To measure as
 * the action runs (plain node, bundled):
 *
 *   node_modules/.bin/esbuild scripts/bench-upload.ts --bundle --platform=node --format=esm \
 *     --external:s3rver --outfile=.bench/bench.mjs \
 *     --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
 *   node .bench/bench.mjs
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createS3Storage } from '../src/publish/s3.js'
import type { Logger, PackedBundle } from '../src/types.js'

const MB = 1024 * 1024
/** The budget is in decimal megabytes: 150 MB is 143 MiB. */
const TARGET_PEAK_BYTES = 150e6
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`

/** One random MiB written over and over: making the file must not itself raise the peak. */
async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(MB)
  let left = bytes
  const source = new Readable({
    read() {
      if (left <= 0) return void this.push(null)
      const size = Math.min(MB, left)
      left -= size
      this.push(size === MB ? block : block.subarray(0, size))
    },
  })
  await pipeline(source, createWriteStream(file))
}

interface ServerInfo {
  endpoint: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
}
interface ServerHandle extends ServerInfo {
  stop(): Promise<void>
}

/** `--serve`: run s3rver here and print where it listens; stop when stdin closes. */
async function serve(): Promise<void> {
  // Loaded only here: s3rver and its dependencies must not count toward the uploader's memory.
  const { startS3Server, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } = await import('../__tests__/support/s3-server.js')
  const server = await startS3Server('bench-bundles')
  const handle = {
    endpoint: server.endpoint,
    bucket: server.bucket,
    accessKeyId: TEST_ACCESS_KEY_ID,
    secretAccessKey: TEST_SECRET_ACCESS_KEY,
  }
  process.stdout.write(`${JSON.stringify(handle)}\n`)
  process.stdin.resume()
  process.stdin.once('end', () => void server.stop().then(() => process.exit(0)))
}

/** The same script with --serve, under the same loader (tsx). */
async function startServerProcess(): Promise<ServerHandle> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const [line] = await new Promise<string[]>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`s3rver process exited (${code})`)))
    createInterface({ input: child.stdout }).once('line', (first) => resolve([first]))
  })
  return {
    ...(JSON.parse(line) as ServerInfo),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit')
        child.once('exit', () => resolve())
        child.stdin.end()
      }),
  }
}

/** The kernel's high-water mark for this process, in bytes (Linux only). */
async function kernelPeakRss(): Promise<number | undefined> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '')
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status)
  return match ? Number(match[1]) * 1024 : undefined
}

function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss)
    },
  }
}

/** `--queue 4`, `--part-mib 5`: override the production defaults to compare settings. */
function numberArg(name: string): number | undefined {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : undefined
}
function mbArg(name: string): number | undefined {
  const value = numberArg(name)
  return value === undefined ? undefined : value * MB
}

const quiet: Logger = { info: () => {}, warning: (m) => console.warn(m), debug: () => {}, secret: () => {} }

async function main(): Promise<void> {
  const megabytes = numberArg('--mb') ?? 500
  // An encrypted bundle is a whole number of AES blocks.
  const size = Math.floor((megabytes * MB) / 16) * 16
  const server = await startServerProcess()
  const work = await mkdtemp(join(tmpdir(), 'bench-upload-'))
  try {
    const file = join(work, 'com.example.bench_1.0.0.zip')
    await writeRandomFile(file, size)
    // A stand-in record: put() reads only the path, size and naming fields when verification is off.
    const bundle: PackedBundle = {
      appId: 'com.example.bench',
      version: '1.0.0',
      path: file,
      fileName: 'com.example.bench_1.0.0.zip',
      fileCount: 1,
      zipSize: size - 16,
      bundleSize: size,
      sha256: '0'.repeat(64),
      checksum: '',
      checksumFormat: 'v3',
      ivSessionKey: '',
      keyId: '',
      publicKey: '',
    }
    const storage = await createS3Storage(
      {
        kind: 's3',
        bucket: server.bucket,
        region: 'us-east-1',
        endpoint: server.endpoint,
        forcePathStyle: true,
        keyTemplate: '{appId}/{version}/{appId}_{version}.zip',
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        allowInsecurePublicUrl: true,
        overwrite: false,
        verifyUpload: false,
      },
      quiet,
      { queueSize: numberArg('--queue'), partSize: mbArg('--part-mib') },
    )

    const rssBefore = process.memoryUsage().rss
    const sampler = sampleRss()
    const started = performance.now()
    await storage.put(bundle)
    const seconds = (performance.now() - started) / 1000
    const sampledPeak = sampler.stop()
    const kernelPeak = await kernelPeakRss()

    const peak = Math.max(sampledPeak, kernelPeak ?? 0)
    console.log(`uploaded ${(size / MB).toFixed(0)} MiB in ${seconds.toFixed(1)} s (${(size / MB / seconds).toFixed(0)} MiB/s)`)
    console.log(`RSS before upload: ${mb(rssBefore)}; growth during upload: ${mb(peak - rssBefore)}`)
    console.log(`peak RSS sampled every 50 ms: ${mb(sampledPeak)}`)
    if (kernelPeak !== undefined) console.log(`peak RSS (VmHWM, whole process life): ${mb(kernelPeak)}`)
    const loader = process.execArgv.some((arg) => arg.includes('tsx'))
      ? ' (includes the tsx loader, ~30 MB the bundled action does not carry)'
      : ''
    console.log(`${peak < TARGET_PEAK_BYTES ? 'under' : 'OVER'} the ${mb(TARGET_PEAK_BYTES)} target${loader}`)
  } finally {
    await server.stop()
    await rm(work, { recursive: true, force: true })
  }
}

if (process.argv.includes('--serve')) await serve()
else await main()
