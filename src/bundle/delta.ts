import { createCipheriv, createHash, createPublicKey, randomUUID } from 'node:crypto'
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { constants as zlibConstants, createBrotliCompress, type BrotliCompress } from 'node:zlib'
import { BundleError } from '../errors.js'
import type { BuildFile, ChecksumFormat, DeltaBundle, DeltaFile, DeltaSettings, SigningKey } from '../types.js'
import { excluder } from './exclude.js'
import { CIPHER, IV_BYTES, parseIvSessionKey, recoverSessionKey, SESSION_KEY_BYTES, signChecksumWith } from './format.js'
import { collectAll, dropped } from './memory.js'
import { runBounded, Slots } from '../bounded.js'

/** Files smaller than this are never Brotli-compressed (the official CLI's threshold). */
export const BROTLI_MIN_BYTES = 8192
/** Compression must save more than this many bytes, else the file ships as is. */
export const BROTLI_MIN_SAVING = 10
/** Files in flight at once (read, compressed or signed): enough to keep a remote signer busy while files are compressed. */
export const DELTA_CONCURRENCY = 16
/**
 * Of those, files being read, compressed and encrypted at once: libuv's 4
 * thread-pool threads run the Brotli work, so more only wait there, each
 * holding a live encoder. At quality 11 an encoder's native memory grows with
 * its input (hash tree and ring buffer, ~9 bytes per input byte, kept until
 * the file ends; zopfli's ~50 bytes per byte of block while it runs).
 * Measured on processDelta alone, 3,000 files of up to 46 KB: RSS +28-31 MB
 * with 16 files compressing, +14-17 MB with 4; 40 files of 600 KB: +195 MB
 * and +62 MB. Peak RSS of the bench's delta rows, storage capgo and s3:
 * 180-181 -> 165 and 160 -> 149-152 MB on Node 20; 188-189 -> 167-169 and
 * 175-179 -> 160-165 MB on Node 24.
 */
export const DELTA_COMPRESSING = 4
/** Capgo takes at most this many files per delta upload (official CLI 8.68.1). */
export const MAX_DELTA_FILES = 10_000

/**
 * Paths the official CLI never puts in a manifest, matched as substrings of the
 * path as it does (so `.git` also leaves out `.gitkeep` and `.github/`). They
 * stay in the zip. Matched against the build-relative name, not the absolute
 * path: a build under a folder called `node_modules` keeps its files.
 */
export const DELTA_SKIPPED_SUBSTRINGS = [
  '.DS_Store',
  '.git',
  '.gitignore',
  'node_modules',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.app.json',
  'tsconfig.spec.json',
] as const

/** Why a build file has no manifest entry, or undefined when it has one. */
export function deltaSkipReason(file: Pick<BuildFile, 'name' | 'size'>): string | undefined {
  if (file.size === 0) return 'empty (devices refuse a file that decrypts to nothing)'
  const hit = DELTA_SKIPPED_SUBSTRINGS.find((part) => file.name.includes(part))
  return hit ? `path contains ${hit}` : undefined
}

/** The build files that become manifest entries, in walk order. */
export function deltaCandidates(files: readonly BuildFile[]): BuildFile[] {
  return files.filter((file) => deltaSkipReason(file) === undefined)
}

/**
 * `brotli-exclude`: the exclude input's glob rules; a pattern naming a folder
 * covers every file below it, as it does for `exclude`.
 */
export function brotliExcluder(patterns: readonly string[]): (name: string) => boolean {
  const matches = excluder(patterns, 'brotli-exclude')
  return (name) => {
    if (matches(name)) return true
    for (let at = name.indexOf('/'); at > 0; at = name.indexOf('/', at + 1)) if (matches(name.slice(0, at))) return true
    return false
  }
}

/** The bundle's session key and IV, recovered for this step only; the caller zero-fills `key` afterwards. */
export interface DeltaSession {
  key: Buffer
  iv: Buffer
}

export interface DeltaOptions {
  buildDir: string
  /** plan.delta: `candidates` are the files to process (the plan's deltaCandidates), in walk order. */
  settings: Pick<DeltaSettings, 'encrypted' | 'brotli' | 'brotliExclude' | 'candidates'>
  /** Signs each file_hash when encrypted (one signature per distinct file content). */
  key: SigningKey
  checksumFormat: ChecksumFormat
  /** Required when settings.encrypted. */
  session?: DeltaSession
  /** Emptied, then filled with `{sha256}_{file_name}` per entry (the storage layout's delta/ folder). */
  outDir: string
  signal?: AbortSignal
  concurrency?: number
  /** After each file, with its original size: feeds the progress line. */
  onProgress?: (bytes: number, files: number) => void
}

const READ_BYTES = 64 * 1024
const WRITE_BYTES = 64 * 1024

/** Per worker: one read and one write buffer, reused for every file it processes, so memory does not grow with file count or size. */
class Worker {
  readonly input = Buffer.allocUnsafeSlow(READ_BYTES)
  readonly output = Buffer.allocUnsafeSlow(WRITE_BYTES)
}

/** Appends to a file through the worker's reused buffer with writeSync: no per-chunk buffer outlives the call. */
class BufferedFile {
  bytes = 0
  private used = 0
  constructor(
    private readonly fd: number,
    private readonly buffer: Buffer,
  ) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length
    if (this.used + chunk.length > this.buffer.length) this.flush()
    if (chunk.length >= this.buffer.length) {
      for (let at = 0; at < chunk.length;) at += writeSync(this.fd, chunk, at, chunk.length - at)
      return
    }
    chunk.copy(this.buffer, this.used)
    this.used += chunk.length
  }

  flush(): void {
    for (let at = 0; at < this.used;) at += writeSync(this.fd, this.buffer, at, this.used - at)
    this.used = 0
  }

  reset(): void {
    this.used = 0
    this.bytes = 0
    ftruncateSync(this.fd, 0)
  }
}

/**
 * Turns the build's files into manifest entries, as the official CLI does
 * with `--delta` (capgo-api.md "Delta uploads"): skip rules, Brotli at >= 8192
 * bytes when it saves more than 10 bytes (Node's default parameters), then
 * AES-128-CBC with the bundle's own session key and IV when encrypted, and
 * `file_hash` the signed SHA-256 of the original bytes in the bundle's
 * checksum format (plain hex when not encrypted). Each processed file is
 * written as `{outDir}/{sha256}_{file_name}`. At most `concurrency` files are
 * in flight, at most DELTA_COMPRESSING of them read and compressed at once,
 * each streaming through the two reused buffers of the worker it holds.
 */
export async function processDelta(options: DeltaOptions): Promise<DeltaBundle> {
  const { settings } = options
  if (settings.encrypted && (options.session?.key.length !== SESSION_KEY_BYTES || options.session.iv.length !== IV_BYTES)) {
    throw new Error('an encrypted delta needs the bundle session key and IV')
  }
  const outDir = resolve(options.outDir)
  const { candidates } = settings
  const excluded = brotliExcluder(settings.brotliExclude)
  const signatures = new Map<string, Promise<string>>()
  const sign = (sha256: string): Promise<string> => {
    if (!settings.encrypted) return Promise.resolve(sha256)
    let signed = signatures.get(sha256)
    if (!signed) {
      signed = signChecksumWith(options.key, sha256, options.checksumFormat)
      signatures.set(sha256, signed)
    }
    return signed
  }

  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  // The pack's verify leaves spent buffers behind; they go before the files start (measured: the run's peak was here).
  collectAll()
  const results: DeltaFile[] = new Array(candidates.length)
  const concurrency = options.concurrency ?? DELTA_CONCURRENCY
  const workers = new Slots(Array.from({ length: Math.min(concurrency, DELTA_COMPRESSING) }, () => new Worker()))
  const failure = await runBounded(
    candidates.length,
    concurrency,
    () => async (index, stopped) => {
      const file = candidates[index]
      const compress = settings.brotli && file.size >= BROTLI_MIN_BYTES && !excluded(file.name)
      const processed = await workers.use(async (worker) => {
        // A file that waited for a worker while another failed or the run was cancelled is not started.
        if (stopped()) return undefined
        return processFile(file, compress, options.session, settings.encrypted, worker, join(outDir, `.${index}.${randomUUID()}.partial`))
      })
      if (!processed) return
      try {
        const fileHash = await sign(processed.sha256)
        const target = join(outDir, `${processed.sha256}_${processed.fileName}`)
        await mkdir(dirname(target), { recursive: true })
        await rename(processed.partial, target)
        results[index] = { fileName: processed.fileName, sha256: processed.sha256, fileHash, path: target, size: processed.size }
      } catch (error) {
        await rm(processed.partial, { force: true })
        throw error
      }
      options.onProgress?.(file.size, 1)
    },
    options.signal,
  )
  if (failure || options.signal?.aborted) {
    await rm(outDir, { recursive: true, force: true })
    if (failure) throw failure.error
    options.signal?.throwIfAborted()
  }
  return { encrypted: settings.encrypted, dir: outDir, files: results, bytes: results.reduce((sum, file) => sum + file.size, 0) }
}

interface Processed {
  fileName: string
  sha256: string
  size: number
  partial: string
}

/**
 * One file: read once through the worker's buffer, hashed and (when worth
 * trying) Brotli-compressed on the way, encrypted, written. When Brotli saves
 * 10 bytes or fewer, the file is read a second time and written as is.
 */
async function processFile(
  file: BuildFile,
  tryBrotli: boolean,
  session: DeltaSession | undefined,
  encrypted: boolean,
  worker: Worker,
  partial: string,
): Promise<Processed> {
  const input = await open(file.source, 'r').catch((error: NodeJS.ErrnoException) => {
    throw changed(file, error.code === 'ENOENT' ? 'disappeared' : `cannot be read (${error.code ?? error.message})`)
  })
  const fd = openSync(partial, 'wx', 0o644)
  let closed = false
  try {
    const out = new BufferedFile(fd, worker.output)
    let cipher = encrypted && session ? createCipheriv(CIPHER, session.key, session.iv) : undefined
    const emit = (data: Buffer): void => {
      if (!cipher) return out.write(data)
      const sealed = cipher.update(data)
      out.write(sealed)
      dropped(sealed.length)
    }
    const hash = createHash('sha256')
    let compressedBytes = -1
    if (tryBrotli) {
      const brotli = createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_SIZE_HINT]: file.size } })
      let compressed = 0
      brotli.on('data', (chunk: Buffer) => {
        compressed += chunk.length
        try {
          emit(chunk)
        } catch (error) {
          brotli.destroy(error as Error)
        }
        dropped(chunk.length)
      })
      const ended = new Promise<void>((resolveEnd, rejectEnd) => {
        brotli.once('end', resolveEnd)
        brotli.once('error', rejectEnd)
      })
      ended.catch(() => undefined)
      try {
        await readAll(input, file, worker.input, async (chunk) => {
          hash.update(chunk)
          // zlib reads the chunk on the thread pool: the buffer is reused only after the write's callback.
          // An error destroys the stream without calling back the write in flight: ended rejects then.
          await Promise.race([writeTo(brotli, chunk), ended])
        })
        brotli.end()
        await ended
      } catch (error) {
        brotli.destroy()
        throw error
      }
      compressedBytes = compressed
    }
    let sha256 = tryBrotli ? hash.digest('hex') : ''
    const compressedWins = tryBrotli && file.size - compressedBytes > BROTLI_MIN_SAVING
    if (!compressedWins) {
      if (tryBrotli) {
        out.reset()
        cipher = encrypted && session ? createCipheriv(CIPHER, session.key, session.iv) : undefined
      }
      const plainHash = createHash('sha256')
      await readAll(input, file, worker.input, async (chunk) => {
        plainHash.update(chunk)
        emit(chunk)
      })
      const second = plainHash.digest('hex')
      if (tryBrotli && second !== sha256) throw changed(file, 'changed while it was read')
      sha256 = second
    }
    if (cipher) {
      const last = cipher.final()
      out.write(last)
    }
    out.flush()
    closeSync(fd)
    closed = true
    return { fileName: compressedWins ? `${file.name}.br` : file.name, sha256, size: out.bytes, partial }
  } catch (error) {
    if (!closed) closeSync(fd)
    await rm(partial, { force: true })
    throw error
  } finally {
    await input.close()
  }
}

/** Reads the whole file from the start into the reused buffer, chunk by chunk; the size must still be what the plan saw and the pack zipped. */
async function readAll(
  input: Awaited<ReturnType<typeof open>>,
  file: BuildFile,
  buffer: Buffer,
  take: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  let position = 0
  for (;;) {
    const { bytesRead } = await input.read(buffer, 0, buffer.length, position)
    if (bytesRead === 0) break
    position += bytesRead
    if (position > file.size) break
    await take(buffer.subarray(0, bytesRead))
  }
  if (position !== file.size) throw changed(file, `changed size while the run read it (${file.size} bytes when packed, ${position} now)`)
}

function writeTo(stream: BrotliCompress, chunk: Buffer): Promise<void> {
  return new Promise((resolveWrite, rejectWrite) => {
    stream.write(chunk, (error) => (error ? rejectWrite(error) : resolveWrite()))
  })
}

function changed(file: BuildFile, what: string): BundleError {
  return new BundleError(
    'build_changed',
    `${file.name} ${what}: the delta files must match the zip just packed; run again once the build folder stays still.`,
    'path',
  )
}

/**
 * The bundle's session key and IV for the delta step, recovered from its
 * ivSessionKey with the public key exactly as a device does: the pack hands on
 * nothing secret, and a session key that does not open with the app's key
 * fails here, before any file is processed. The caller zero-fills `key`.
 */
export function openDeltaSession(ivSessionKey: string, publicPem: string): DeltaSession {
  const { iv, encryptedKey } = parseIvSessionKey(ivSessionKey)
  return { key: recoverSessionKey(createPublicKey(publicPem), encryptedKey), iv }
}
