/**
 * The rules the updater plugin applies when it unzips a bundle, checked on the
 * zip's central directory: Android reads with java.util.zip.ZipInputStream and
 * refuses paths that could escape the bundle folder; both platforms need
 * index.html at the root.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_HEADER = 0x02014b50
const FLAG_DATA_DESCRIPTOR = 1 << 3
const METHOD_DEFLATED = 8
const EOCD_SIZE = 22
const MAX_COMMENT = 0xffff

/** Device statistics names for unzip failures. */
export type UnzipFailure = 'unzip_fail' | 'windows_path_fail' | 'canonical_path_fail'

export interface ZipProblem {
  reason: UnzipFailure
  detail: string
}

/**
 * Keeps the last `limit` bytes of a stream, where the central directory lives,
 * copied into one ring buffer: holding on to the chunks themselves kept each
 * alive long enough to reach V8's old generation, where a 100 MB verify left
 * ~50 MB of them waiting for a full collection.
 */
export class Tail {
  private ring: Buffer | undefined
  private end = 0
  private bytes = 0

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.ring ??= Buffer.allocUnsafeSlow(this.limit)
    const data = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk
    const first = Math.min(data.length, this.limit - this.end)
    data.copy(this.ring, this.end, 0, first)
    data.copy(this.ring, 0, first)
    this.end = (this.end + data.length) % this.limit
    this.bytes = Math.min(this.limit, this.bytes + data.length)
  }

  /** The kept bytes and the stream offset of the first of them. */
  read(totalBytes: number): { data: Buffer; start: number } {
    if (!this.ring) return { data: Buffer.alloc(0), start: totalBytes }
    const data =
      this.bytes < this.limit
        ? this.ring.subarray(0, this.bytes)
        : Buffer.concat([this.ring.subarray(this.end), this.ring.subarray(0, this.end)])
    return { data, start: totalBytes - data.length }
  }
}

/**
 * How much of the zip's end verify keeps: the central directory of a few
 * thousand files, then checked without a second read. A larger one is read
 * again from its offset (a few MB decrypted twice); at 8 MiB the ring and its
 * unrolled copy added 16 MB to verify's peak on a 30,000-file build.
 */
export const CENTRAL_DIRECTORY_TAIL = 1024 * 1024

const CENTRAL_HEADER_SIZE = 46

/**
 * Checks central-directory entries as they arrive, in chunks of any size, so
 * a directory of any length is checked in full with bounded memory (the names
 * seen, for duplicates).
 */
export class CentralDirectoryCheck {
  private carry = Buffer.alloc(0)
  private readonly seen = new Set<string>()
  private checked = 0

  constructor(private readonly count: number) {}

  get done(): boolean {
    return this.checked >= this.count
  }

  /** Returns the first problem found, or undefined to go on. */
  push(chunk: Buffer): ZipProblem | undefined {
    let data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk
    let offset = 0
    while (this.checked < this.count) {
      if (data.length - offset < CENTRAL_HEADER_SIZE) break
      if (data.readUInt32LE(offset) !== CENTRAL_HEADER) return { reason: 'unzip_fail', detail: 'the zip central directory is damaged' }
      const nameLength = data.readUInt16LE(offset + 28)
      const length = CENTRAL_HEADER_SIZE + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32)
      if (data.length - offset < length) break
      const problem = this.entry(
        data.readUInt16LE(offset + 8),
        data.readUInt16LE(offset + 10),
        data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
      )
      if (problem) return problem
      offset += length
      this.checked++
    }
    data = data.subarray(offset)
    // A copy, so the caller's (possibly large) chunk is not kept alive by a few leftover bytes.
    this.carry = this.done ? Buffer.alloc(0) : Buffer.from(data)
    return undefined
  }

  /** After the last chunk: every entry present, index.html among them. */
  finish(): ZipProblem | undefined {
    if (!this.done) return { reason: 'unzip_fail', detail: 'the zip central directory is damaged (it ends early)' }
    if (!this.seen.has('index.html')) return { reason: 'unzip_fail', detail: 'the zip has no index.html at its root' }
    return undefined
  }

  private entry(flags: number, method: number, name: string): ZipProblem | undefined {
    if (flags & FLAG_DATA_DESCRIPTOR && method !== METHOD_DEFLATED) {
      return {
        reason: 'unzip_fail',
        detail: `${name} is stored with a data descriptor, which Android's ZipInputStream refuses ("only DEFLATED entries can have EXT descriptor")`,
      }
    }
    if (name.includes('\\')) return { reason: 'windows_path_fail', detail: `${name} uses a backslash as path separator` }
    if (name === '' || name.startsWith('/') || name.split('/').includes('..') || name.includes('\0')) {
      return { reason: 'canonical_path_fail', detail: `${JSON.stringify(name)} could point outside the bundle folder` }
    }
    if (this.seen.has(name)) return { reason: 'unzip_fail', detail: `${name} appears twice in the zip` }
    this.seen.add(name)
    return undefined
  }
}

/** Reads the zip's plaintext from `offset` to its end, in chunks. */
export type ReadFrom = (offset: number) => AsyncIterable<Buffer>

export interface ZipStructure {
  /** Entries checked: all of them, or the check failed. */
  entries: number
}

/**
 * Returns the first problem a device would hit, or the number of entries
 * checked. `tail` holds the end of the zip starting at offset `start`; a
 * central directory that starts before it is read again with `readFrom`, so
 * every entry is checked whatever the directory's size.
 */
export async function checkZipStructure(tail: Buffer, start: number, readFrom: ReadFrom): Promise<ZipProblem | ZipStructure> {
  const eocd = findEndOfCentralDirectory(tail)
  if (eocd < 0) return { reason: 'unzip_fail', detail: 'the decrypted data has no zip central directory' }
  const count = tail.readUInt16LE(eocd + 10)
  const directoryOffset = tail.readUInt32LE(eocd + 16)
  const check = new CentralDirectoryCheck(count)
  if (directoryOffset >= start) {
    const problem = check.push(tail.subarray(directoryOffset - start))
    if (problem) return problem
  } else {
    for await (const chunk of readFrom(directoryOffset)) {
      const problem = check.push(chunk)
      if (problem) return problem
      if (check.done) break
    }
  }
  return check.finish() ?? { entries: count }
}

export function isZipProblem(result: ZipProblem | ZipStructure): result is ZipProblem {
  return 'reason' in result
}

function findEndOfCentralDirectory(data: Buffer): number {
  const earliest = Math.max(0, data.length - EOCD_SIZE - MAX_COMMENT)
  for (let at = data.length - EOCD_SIZE; at >= earliest; at--) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at
  }
  return -1
}
