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
    const data = this.bytes < this.limit ? this.ring.subarray(0, this.bytes) : Buffer.concat([this.ring.subarray(this.end), this.ring.subarray(0, this.end)])
    return { data, start: totalBytes - data.length }
  }
}

export const CENTRAL_DIRECTORY_TAIL = 8 * 1024 * 1024

/**
 * Returns the first problem a device would hit, or undefined. `tail` holds
 * the end of the zip starting at stream offset `start`; a central directory
 * that starts before it cannot be checked and is reported as `unchecked`.
 */
export function checkZipStructure(tail: Buffer, start: number): ZipProblem | 'unchecked' | undefined {
  const eocd = findEndOfCentralDirectory(tail)
  if (eocd < 0) return { reason: 'unzip_fail', detail: 'the decrypted data has no zip central directory' }
  const count = tail.readUInt16LE(eocd + 10)
  const directoryOffset = tail.readUInt32LE(eocd + 16)
  if (directoryOffset < start) return 'unchecked'

  const seen = new Set<string>()
  let offset = directoryOffset - start
  for (let i = 0; i < count; i++) {
    if (offset + 46 > tail.length || tail.readUInt32LE(offset) !== CENTRAL_HEADER) {
      return { reason: 'unzip_fail', detail: 'the zip central directory is damaged' }
    }
    const flags = tail.readUInt16LE(offset + 8)
    const method = tail.readUInt16LE(offset + 10)
    const nameLength = tail.readUInt16LE(offset + 28)
    const extraLength = tail.readUInt16LE(offset + 30)
    const commentLength = tail.readUInt16LE(offset + 32)
    const name = tail.subarray(offset + 46, offset + 46 + nameLength).toString('utf8')
    offset += 46 + nameLength + extraLength + commentLength

    if (flags & FLAG_DATA_DESCRIPTOR && method !== METHOD_DEFLATED) {
      return { reason: 'unzip_fail', detail: `${name} is stored with a data descriptor, which Android's ZipInputStream refuses ("only DEFLATED entries can have EXT descriptor")` }
    }
    if (name.includes('\\')) return { reason: 'windows_path_fail', detail: `${name} uses a backslash as path separator` }
    if (name === '' || name.startsWith('/') || name.split('/').includes('..') || name.includes('\0')) {
      return { reason: 'canonical_path_fail', detail: `${JSON.stringify(name)} could point outside the bundle folder` }
    }
    if (seen.has(name)) return { reason: 'unzip_fail', detail: `${name} appears twice in the zip` }
    seen.add(name)
  }
  if (!seen.has('index.html')) return { reason: 'unzip_fail', detail: 'the zip has no index.html at its root' }
  return undefined
}

function findEndOfCentralDirectory(data: Buffer): number {
  const earliest = Math.max(0, data.length - EOCD_SIZE - MAX_COMMENT)
  for (let at = data.length - EOCD_SIZE; at >= earliest; at--) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at
  }
  return -1
}
