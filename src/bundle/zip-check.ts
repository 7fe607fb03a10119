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

/** Keeps the last `limit` bytes of a stream, where the central directory lives. */
export class Tail {
  private chunks: Buffer[] = []
  private bytes = 0

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.bytes += chunk.length
    while (this.chunks.length > 1 && this.bytes - this.chunks[0].length >= this.limit) {
      this.bytes -= this.chunks.shift()!.length
    }
  }

  /** The kept bytes and the stream offset of the first of them. */
  read(totalBytes: number): { data: Buffer; start: number } {
    const data = Buffer.concat(this.chunks)
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
