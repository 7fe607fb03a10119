import { closeSync, openSync, readSync } from 'node:fs'
import { dirname } from 'node:path'
import { constants as zlibConstants, crc32, createDeflateRaw, deflateRaw, type DeflateRaw, type ZlibOptions } from 'node:zlib'
import { BundleError } from '../errors.js'
import type { BuildFile } from '../types.js'
import { packFailure } from './fs-errors.js'
import { dropped } from './memory.js'
import { privateKeyCheck } from './secrets.js'
import { HashAndEncryptSink, writeFileAtomically, type ByteSink } from './streams.js'
import { walkBuild } from './walk.js'

export type { BuildFile }

/**
 * Formats that are already compressed: deflating them again costs time and
 * saves nothing, so they are stored.
 */
const STORED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'avif', 'gif', 'woff', 'woff2', 'mp3', 'mp4', 'br', 'gz', 'zip'])

const ENTRY_MODE = 0o644
/**
 * zlib level 5, not the default 6: on the benchmark tree it deflates about 30%
 * faster for a zip 0.5% larger than the official CLI's (level 4 would be 3%
 * larger). Deflate is the one CPU-bound stage of the pack.
 */
const DEFLATE_LEVEL = 5

export function isStored(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot >= 0 && STORED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())
}

/** Every file of the build, sorted by zip name; the rules are in walk.ts. */
export async function listBuildFiles(buildDir: string, input = 'path'): Promise<BuildFile[]> {
  return walkBuild(buildDir, { input })
}

/**
 * Writes the zip into `sink`, entries in the given order; byte-identical for
 * identical contents (fixed time and mode, no extra fields).
 *
 * Written here rather than with archiver for two reasons measured on a 100 MB
 * build: archiver took 8.2 s where read + deflate alone take 2.3 s, and it
 * gives STORED entries a data descriptor, which Android's ZipInputStream
 * (what the updater plugin unzips with) refuses: "only DEFLATED entries can
 * have EXT descriptor".
 *
 * How both cores stay busy with memory flat in size and file count: deflate
 * is the only heavy work, so it runs as jobs on the libuv pool, up to
 * MAX_JOBS (and WINDOW_BYTES of input) ahead of the entry being written. A
 * job is a whole file up to PIECE_BYTES, or one PIECE_BYTES piece of a
 * larger file, compressed pigz-style: primed with the previous 32 KiB as
 * dictionary and ended with a sync flush, so the pieces of one file deflate
 * in parallel and concatenate into one valid deflate stream. Everything else
 * (reading from the page cache into reused buffers, CRC-32, hashing,
 * encrypting, writing) is synchronous on the main thread and never waits
 * behind queued deflate jobs. Whole-file entries carry sizes and CRC in the
 * local header; pieced deflated files end with a data descriptor, which
 * ZipInputStream accepts for DEFLATED entries; stored files of any size carry
 * sizes and CRC in the local header (read twice when larger than a piece).
 */
export async function writeZip(files: readonly BuildFile[], sink: ByteSink, onFile?: (file: BuildFile) => void): Promise<ZipStats> {
  if (files.length > MAX_ZIP_ENTRIES) {
    throw new BundleError(
      'zip_too_large',
      `path: ${files.length} files exceed the ${MAX_ZIP_ENTRIES} entries a zip without ZIP64 can hold.`,
      'path',
    )
  }
  const writer = new ZipWriter(files, sink, onFile)
  await writer.run()
  return writer.stats()
}

/** How well the deflate jobs kept the cores fed, for the pack stage's debug line. */
export interface ZipStats {
  /** Share of the writer's wall time with at least two deflate jobs queued or running: what two cores need. */
  twoJobsShare: number
}

const LOCAL_HEADER = 0x04034b50
const DATA_DESCRIPTOR = 0x08074b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const VERSION_NEEDED = 20
/** Made by Unix (3), spec 2.0: tells unzip tools to honour the Unix mode below. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED
const FLAG_DATA_DESCRIPTOR = 1 << 3
const FLAG_UTF8 = 1 << 11
const METHOD_STORED = 0
const METHOD_DEFLATED = 8
/** 1980-01-01 00:00:00 in DOS date/time: no file time or time zone reaches the zip. */
const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1
const EXTERNAL_ATTRIBUTES = ((0o100000 | ENTRY_MODE) << 16) >>> 0
const MAX_ZIP_ENTRIES = 0xffff
const MAX_ZIP_OFFSET = 0xffffffff
/** Deflate job size: whole files up to this, larger ones in pieces of this; also the read size for stored files. */
const PIECE_BYTES = 1024 * 1024
/**
 * Deflate jobs queued or running on the libuv pool. A typical web build is
 * thousands of files of a few tens of KB, each under a millisecond of
 * deflate, and every job needs the main thread once to hand back its output
 * and once to start the next: with 6 in flight, a main-thread stretch of a
 * few milliseconds (a stored file, a collection) left the pool idle, and the
 * pack kept 1.66 of two cores busy on an idle machine. 24 queued jobs ride
 * out those stretches (1.75-1.81 measured under load, same tree); each is a
 * reused deflate stream of ~330 KB (zlib state and output buffer), so this
 * costs ~6 MB more than 6.
 */
const MAX_JOBS = 24
/** Input bytes of the jobs not yet written: with MAX_JOBS, what bounds memory whatever the build's size or file count. */
const WINDOW_BYTES = 16 * 1024 * 1024
/**
 * Output buffer of the reused deflate streams. With zlib's default 16 KiB,
 * Node 24 (not 20) grew by ~10 KB per file until the pack ended: 330 MB peak
 * on a 1 GB build of 30,000 files. At 64 KiB it stays flat (measured on
 * 9,000 files: 104 MB on Node 24, 88 MB on Node 20).
 */
const DEFLATE_CHUNK = 64 * 1024
/** Deflate's window: each piece after the first is primed with this much of the data before it. */
const DICTIONARY_BYTES = 32 * 1024
/**
 * A long synchronous stretch lets finished jobs call back and new ones start
 * this often: a large stored file, or a run of small stored files (images
 * sorted together), which only chain promises and never reach the event
 * loop otherwise. Measured on the 1 GB tree of 30,000 files: a 2-second
 * stretch of images with no turn of the loop left the pool idle and let V8
 * grow its heap to 155 MB. 1 MiB is ~4 ms of main-thread work, about what
 * the queued deflate jobs last on two cores.
 */
const YIELD_EVERY_BYTES = 1024 * 1024

interface CentralEntry {
  name: Buffer
  flags: number
  method: number
  crc: number
  compressedSize: number
  size: number
  offset: number
}

/** One deflate job: a whole file, or one piece of a larger one. */
interface Job {
  file: number
  /** Raw bytes in the job, counted against WINDOW_BYTES until written. */
  bytes: number
  /** Running CRC-32 of the file up to the end of this job's input. */
  crc: number
  last: boolean
  output: Promise<Buffer[]>
}

function localHeader(name: Buffer, flags: number, method: number, crc: number, compressedSize: number, size: number): Buffer {
  const header = Buffer.alloc(30 + name.length)
  header.writeUInt32LE(LOCAL_HEADER, 0)
  header.writeUInt16LE(VERSION_NEEDED, 4)
  header.writeUInt16LE(flags, 6)
  header.writeUInt16LE(method, 8)
  header.writeUInt16LE(DOS_TIME, 10)
  header.writeUInt16LE(DOS_DATE, 12)
  header.writeUInt32LE(crc, 14)
  header.writeUInt32LE(compressedSize, 18)
  header.writeUInt32LE(size, 22)
  header.writeUInt16LE(name.length, 26)
  header.writeUInt16LE(0, 28)
  name.copy(header, 30)
  return header
}

function dataDescriptor(crc: number, compressedSize: number, size: number): Buffer {
  const descriptor = Buffer.alloc(16)
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0)
  descriptor.writeUInt32LE(crc, 4)
  descriptor.writeUInt32LE(compressedSize, 8)
  descriptor.writeUInt32LE(size, 12)
  return descriptor
}

function centralDirectory(entries: readonly CentralEntry[], offset: number): Buffer {
  const size = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0)
  const directory = Buffer.alloc(size + 22)
  let at = 0
  for (const entry of entries) {
    directory.writeUInt32LE(CENTRAL_HEADER, at)
    directory.writeUInt16LE(VERSION_MADE_BY, at + 4)
    directory.writeUInt16LE(VERSION_NEEDED, at + 6)
    directory.writeUInt16LE(entry.flags, at + 8)
    directory.writeUInt16LE(entry.method, at + 10)
    directory.writeUInt16LE(DOS_TIME, at + 12)
    directory.writeUInt16LE(DOS_DATE, at + 14)
    directory.writeUInt32LE(entry.crc, at + 16)
    directory.writeUInt32LE(entry.compressedSize, at + 20)
    directory.writeUInt32LE(entry.size, at + 24)
    directory.writeUInt16LE(entry.name.length, at + 28)
    directory.writeUInt32LE(EXTERNAL_ATTRIBUTES, at + 38)
    directory.writeUInt32LE(entry.offset, at + 42)
    entry.name.copy(directory, at + 46)
    at += 46 + entry.name.length
  }
  directory.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, at)
  directory.writeUInt16LE(entries.length, at + 8)
  directory.writeUInt16LE(entries.length, at + 10)
  directory.writeUInt32LE(size, at + 12)
  directory.writeUInt32LE(offset, at + 16)
  return directory
}

function fileChanged(file: BuildFile): BundleError {
  return new BundleError(
    'build_changed',
    `path: ${file.name} changed while it was being packed; run again once the build has finished writing.`,
    'path',
  )
}

/** Fills `buffer` from `position` (fewer bytes only at the end of the file). */
function readFully(fd: number, buffer: Buffer, position: number): number {
  let filled = 0
  while (filled < buffer.length) {
    const read = readSync(fd, buffer, filled, buffer.length - filled, position + filled)
    if (read === 0) break
    filled += read
  }
  return filled
}

const byteLength = (chunks: readonly Buffer[]) => chunks.reduce((sum, chunk) => sum + chunk.length, 0)

/** A vanished file throws ENOENT with its path, which packFailure turns into one line naming it. */
function openSource(file: BuildFile): number {
  return openSync(file.source, 'r')
}

class ZipWriter {
  private readonly entries: CentralEntry[] = []
  private offset = 0
  private readonly jobs: Job[] = []
  private running = 0
  private windowBytes = 0
  /** The next file and byte the scheduler reads; always at or past the file being written. */
  private nextFile = 0
  private nextByte = 0
  private crcAhead = 0
  private dictionary: Buffer | undefined
  private keyCheck: ((chunk: Buffer) => void) | undefined
  private fd: number | undefined
  /** Input buffers of finished jobs, reused so reads allocate nothing in steady state. */
  private readonly spare: Buffer[] = []
  private readonly scratch = Buffer.allocUnsafeSlow(PIECE_BYTES)
  private failure: unknown
  private readonly deflaters: DeflateRaw[] = []
  private readonly idle: DeflateRaw[] = []
  private closed = false
  private readonly startedAt = performance.now()
  private changedAt = this.startedAt
  private busyMs = 0
  /** Bytes written since the event loop last had a turn. */
  private sinceYield = 0

  constructor(
    private readonly files: readonly BuildFile[],
    private readonly sink: ByteSink,
    /** Told when a file is wholly in the zip: feeds the progress line. */
    private readonly onFile?: (file: BuildFile) => void,
  ) {}

  async run(): Promise<void> {
    try {
      for (let index = 0; index < this.files.length; index++) {
        this.schedule(index)
        if (isStored(this.files[index].name)) await this.writeStored(index)
        else await this.writeDeflated(index)
        this.onFile?.(this.files[index])
        if (this.sinceYield >= YIELD_EVERY_BYTES) await this.breathe(index + 1)
      }
      this.emit(centralDirectory(this.entries, this.offset))
    } finally {
      if (this.fd !== undefined) closeSync(this.fd)
      this.fd = undefined
      this.closed = true
      for (const stream of this.deflaters) stream.close()
    }
  }

  private emit(chunk: Buffer): void {
    this.offset += chunk.length
    if (this.offset > MAX_ZIP_OFFSET)
      throw new BundleError(
        'zip_too_large',
        'path: the zip would exceed 4 GiB, more than devices and zip without ZIP64 can handle.',
        'path',
      )
    this.sink.write(chunk)
    this.sinceYield += chunk.length
  }

  /** Starts deflate jobs ahead, in file order, within MAX_JOBS and WINDOW_BYTES; at least one when `current` has none yet. */
  private schedule(current: number): void {
    if (this.failure) throw this.failure
    while (this.nextFile < this.files.length) {
      const file = this.files[this.nextFile]
      if (isStored(file.name)) {
        this.nextFile++
        continue
      }
      const bytes = Math.min(PIECE_BYTES, file.size - this.nextByte)
      const needed = this.nextFile === current && !this.jobs.length
      if (!needed && (this.running >= MAX_JOBS || this.windowBytes + bytes > WINDOW_BYTES)) return
      this.startJob(file)
    }
  }

  private startJob(file: BuildFile): void {
    if (this.fd === undefined) this.fd = openSource(file)
    if (this.nextByte === 0) this.keyCheck = privateKeyCheck(file.name)
    const want = Math.min(PIECE_BYTES, file.size - this.nextByte)
    const last = this.nextByte + want >= file.size
    // The last read asks for one byte more: a file that grew shows here, one that shrank anywhere.
    const input = this.takeBuffer(want + 1)
    if (readFully(this.fd, input.subarray(0, last ? want + 1 : want), this.nextByte) !== want) throw fileChanged(file)
    const data = input.subarray(0, want)
    // Checked before deflate sees the piece: a key's bytes never reach the output.
    this.keyCheck?.(data)
    this.crcAhead = crc32(data, this.crcAhead)
    const output = (last && this.nextByte === 0 ? this.deflateWhole(data) : this.deflatePiece(data, last)).then(
      (chunks) => {
        this.setRunning(-1)
        this.spare.push(input)
        return chunks
      },
      (error: unknown) => {
        this.setRunning(-1)
        this.failure ??= error
        throw error
      },
    )
    // Handled when awaited; this keeps a failure of a job ahead from being reported as unhandled.
    output.catch(() => undefined)
    this.setRunning(1)
    this.windowBytes += want
    this.jobs.push({ file: this.nextFile, bytes: want, crc: this.crcAhead, last, output })
    if (last) {
      closeSync(this.fd)
      this.fd = undefined
      this.dictionary = undefined
      this.crcAhead = 0
      this.nextFile++
      this.nextByte = 0
    } else {
      this.nextByte += want
      this.dictionary = Buffer.from(data.subarray(Math.max(0, want - DICTIONARY_BYTES)))
    }
  }

  /**
   * A whole file through one of the reused deflate streams: one write that
   * also finishes (the stream's flush mode is Z_FINISH), then reset. A write
   * followed by flush() took two trips through the pool and the main thread
   * per file; one-shot deflateRaw() would build a zlib stream per file, whose
   * buffers Node 24 frees only at a full collection (measured: 2,000 calls
   * left 23 MB behind, against 3 MB with streams reused).
   */
  private deflateWhole(data: Buffer): Promise<Buffer[]> {
    const stream = this.idle.pop() ?? this.newDeflater()
    return new Promise<Buffer[]>((resolve, reject) => {
      const chunks: Buffer[] = []
      const onData = (chunk: Buffer) => chunks.push(chunk)
      const onError = (error: Error) => {
        stream.off('data', onData)
        reject(error)
      }
      stream.on('data', onData)
      stream.once('error', onError)
      stream.write(data, () => {
        stream.off('data', onData)
        stream.off('error', onError)
        // After a failure elsewhere the streams are closed: nothing to reuse.
        if (this.closed) return resolve(chunks)
        stream.reset()
        this.idle.push(stream)
        resolve(chunks)
      })
    })
  }

  private newDeflater(): DeflateRaw {
    // Every write is a whole file: finishing it in the same trip to the pool.
    const stream = createDeflateRaw({ level: DEFLATE_LEVEL, chunkSize: DEFLATE_CHUNK, flush: zlibConstants.Z_FINISH })
    this.deflaters.push(stream)
    return stream
  }

  /** One piece of a large file: primed with the 32 KiB before it, ended with a sync flush unless it is the last. */
  private deflatePiece(data: Buffer, last: boolean): Promise<Buffer[]> {
    const options: ZlibOptions = { level: DEFLATE_LEVEL }
    if (this.dictionary) options.dictionary = this.dictionary
    if (!last) options.finishFlush = zlibConstants.Z_SYNC_FLUSH
    return new Promise<Buffer[]>((resolve, reject) =>
      deflateRaw(data, options, (error, result) => (error ? reject(error) : resolve([result]))),
    )
  }

  private setRunning(change: number): void {
    const now = performance.now()
    if (this.running >= 2) this.busyMs += now - this.changedAt
    this.changedAt = now
    this.running += change
  }

  stats(): ZipStats {
    const wall = performance.now() - this.startedAt
    return { twoJobsShare: wall > 0 ? this.busyMs / wall : 0 }
  }

  private takeBuffer(size: number): Buffer {
    const index = this.spare.findIndex((buffer) => buffer.length >= size)
    if (index >= 0) return this.spare.splice(index, 1)[0]
    // Keep at most MAX_JOBS spares; the smallest make room for this larger one.
    if (this.spare.length >= MAX_JOBS) this.spare.sort((a, b) => a.length - b.length).shift()
    return Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024))
  }

  private async writeDeflated(index: number): Promise<void> {
    const file = this.files[index]
    const name = Buffer.from(file.name, 'utf8')
    const utf8 = Buffer.byteLength(file.name) !== file.name.length ? FLAG_UTF8 : 0
    const entryOffset = this.offset
    const first = this.jobs[0]
    if (first?.file !== index) throw new Error(`unreachable: no deflate job for ${file.name}`)

    if (first.last) {
      // A whole file: sizes and CRC in the local header.
      const compressed = await this.next()
      const compressedSize = byteLength(compressed)
      this.emit(localHeader(name, utf8, METHOD_DEFLATED, first.crc, compressedSize, file.size))
      for (const chunk of compressed) this.emit(chunk)
      this.entries.push({
        name,
        flags: utf8,
        method: METHOD_DEFLATED,
        crc: first.crc,
        compressedSize,
        size: file.size,
        offset: entryOffset,
      })
      return
    }
    const flags = utf8 | FLAG_DATA_DESCRIPTOR
    this.emit(localHeader(name, flags, METHOD_DEFLATED, 0, 0, 0))
    let compressedSize = 0
    let crc = 0
    for (let done = false; !done;) {
      this.schedule(index)
      const job = this.jobs[0]
      if (job?.file !== index) throw new Error(`unreachable: missing a piece of ${file.name}`)
      const compressed = await this.next()
      compressedSize += byteLength(compressed)
      crc = job.crc
      done = job.last
      for (const chunk of compressed) this.emit(chunk)
    }
    this.emit(dataDescriptor(crc, compressedSize, file.size))
    this.entries.push({ name, flags, method: METHOD_DEFLATED, crc, compressedSize, size: file.size, offset: entryOffset })
  }

  /** Lets finished jobs call back and starts the next ones: the pool keeps working through a long synchronous stretch. */
  private async breathe(current: number): Promise<void> {
    this.sinceYield = 0
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.schedule(current)
  }

  /** The oldest job's output, once done; its bytes leave the window. */
  private async next(): Promise<Buffer[]> {
    const job = this.jobs[0]
    const output = await job.output
    this.jobs.shift()
    this.windowBytes -= job.bytes
    this.schedule(job.file)
    dropped(byteLength(output))
    return output
  }

  private async writeStored(index: number): Promise<void> {
    const file = this.files[index]
    const name = Buffer.from(file.name, 'utf8')
    const utf8 = Buffer.byteLength(file.name) !== file.name.length ? FLAG_UTF8 : 0
    const entryOffset = this.offset
    const fd = openSource(file)
    try {
      let crc = 0
      let size = 0
      if (file.size < this.scratch.length) {
        size = readFully(fd, this.scratch, 0)
        if (size !== file.size) throw fileChanged(file)
        const data = this.scratch.subarray(0, size)
        privateKeyCheck(file.name)(data)
        crc = crc32(data)
        this.emit(localHeader(name, utf8, METHOD_STORED, crc, size, size))
        this.emit(data)
      } else {
        // Too large to hold: CRC and key check first (the header needs the CRC), then the data, checked against the first pass.
        const keys = privateKeyCheck(file.name)
        for (let read = readFully(fd, this.scratch, 0); read > 0; read = readFully(fd, this.scratch, size)) {
          keys(this.scratch.subarray(0, read))
          crc = crc32(this.scratch.subarray(0, read), crc)
          size += read
          if (size % YIELD_EVERY_BYTES < read) await this.breathe(index)
        }
        if (size !== file.size) throw fileChanged(file)
        this.emit(localHeader(name, utf8, METHOD_STORED, crc, size, size))
        let check = 0
        let written = 0
        for (let read = readFully(fd, this.scratch, 0); read > 0; read = readFully(fd, this.scratch, written)) {
          check = crc32(this.scratch.subarray(0, read), check)
          this.emit(this.scratch.subarray(0, read))
          written += read
          if (written % YIELD_EVERY_BYTES < read) await this.breathe(index)
        }
        if (check !== crc || written !== size) throw fileChanged(file)
      }
      this.entries.push({ name, flags: utf8, method: METHOD_STORED, crc, compressedSize: size, size, offset: entryOffset })
    } finally {
      closeSync(fd)
    }
  }
}

export interface ZipFile {
  path: string
  /** SHA-256 of the zip file bytes, lowercase hex: the checksum `encrypt` signs. */
  sha256: string
  size: number
}

/** The plaintext zip on disk, for tools that encrypt in a second step; complete or absent. */
export async function writeZipFile(files: readonly BuildFile[], target: string): Promise<ZipFile> {
  let stage: HashAndEncryptSink | undefined
  await writeFileAtomically(target, async (file) => {
    stage = new HashAndEncryptSink(file)
    await writeZip(files, stage)
  }).catch((error: unknown) => {
    throw packFailure(error, files, dirname(target), stage?.plainBytes)
  })
  return { path: target, sha256: stage!.hash.digest('hex'), size: stage!.plainBytes }
}
