import { createDecipheriv, createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { createBrotliDecompress, type BrotliDecompress } from 'node:zlib'
import { BundleError } from '../errors.js'
import { ChecksumError, CIPHER, parseIvSessionKey, recoverChecksum, recoverSessionKey, SessionKeyError } from './format.js'
import { parsePublicKey } from './keys.js'
import { dropped } from './memory.js'
import { runBounded } from '../bounded.js'

/** What a device reports, or would do, when one manifest entry fails; one failing entry fails the whole update. */
export type ManifestFailure = 'path_refused' | 'download_fail' | 'decrypt_fail' | 'decompress_fail' | 'checksum_fail'

/** Devices would refuse this manifest; `reason` names the step, `fileName` the entry. */
export class ManifestRejection extends BundleError {
  readonly reason: ManifestFailure
  readonly fileName?: string
  constructor(reason: ManifestFailure, detail: string, fileName?: string) {
    super(
      `device_manifest_${reason}`,
      `devices would refuse this delta update (${reason})${fileName === undefined ? '' : `: ${JSON.stringify(fileName)}`}: ${detail}; nothing would be installed.`,
    )
    this.reason = reason
    this.fileName = fileName
  }
}

export interface ManifestEntryToCheck {
  /** Manifest `file_name`. */
  fileName: string
  /** Manifest `file_hash`. */
  fileHash: string
  /** Where the bytes a device downloads are on disk. */
  path: string
}

export interface VerifyManifestOptions {
  entries: readonly ManifestEntryToCheck[]
  /**
   * The update's session_key (the bundle's ivSessionKey). Given: every file is
   * decrypted and every file_hash recovered with the public key, as an app
   * with a public key does. Absent: plaintext files and plain SHA-256 hashes.
   */
  ivSessionKey?: string
  /** The public key the app carries (PEM); required with ivSessionKey. */
  publicKey?: string
  concurrency?: number
  signal?: AbortSignal
}

export interface VerifyManifestResult {
  entries: number
  /** Bytes of the files as downloaded. */
  downloadBytes: number
  /** Bytes of the files as installed (decrypted, decompressed). */
  installedBytes: number
}

/**
 * The path rules Android 8.x applies to the whole manifest before downloading
 * anything (capgo-format.md): no `..` segment, no backslash or NUL, not
 * absolute or empty, no two names equal once `.br` is dropped. 7.x checks none
 * of them, so a producer must.
 */
export function manifestPathProblem(fileName: string): string | undefined {
  if (fileName === '' || fileName === '.br') return 'the name is empty'
  if (fileName.includes('\\')) return 'the name contains a backslash'
  if (fileName.includes('\0')) return 'the name contains a NUL character'
  if (fileName.startsWith('/') || /^[A-Za-z]:/.test(fileName)) return 'the name is an absolute path'
  if (fileName.split('/').some((segment) => segment === '..')) return 'the name has a ".." segment'
  return undefined
}

export function installedName(fileName: string): string {
  return fileName.endsWith('.br') ? fileName.slice(0, -3) : fileName
}

/** All path rules over the whole list, first failure thrown: Android refuses the manifest before any download. */
export function checkManifestPaths(fileNames: Iterable<string>): void {
  const seen = new Set<string>()
  for (const fileName of fileNames) {
    const problem = manifestPathProblem(fileName)
    if (problem) throw new ManifestRejection('path_refused', problem, fileName)
    const installed = installedName(fileName)
    if (seen.has(installed))
      throw new ManifestRejection(
        'path_refused',
        `another entry installs the same file ${JSON.stringify(installed)} (names are compared without .br)`,
        fileName,
      )
    seen.add(installed)
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/
const READ_BYTES = 64 * 1024

/**
 * Checks every manifest entry as @capgo/capacitor-updater does, written from
 * capgo-format.md rather than from delta.ts: path rules first; then per file
 * decrypt with the session key (when there is one), Brotli-decompress when the
 * name ends in .br, and compare the SHA-256 of the result with the hash
 * recovered from file_hash with the public key (or with file_hash itself for
 * a plain manifest). Files stream through one reused buffer per worker.
 */
export async function verifyManifest(options: VerifyManifestOptions): Promise<VerifyManifestResult> {
  checkManifestPaths(options.entries.map((entry) => entry.fileName))
  let session: { key: Buffer; iv: Buffer } | undefined
  let publicKey: ReturnType<typeof parsePublicKey>['key'] | undefined
  if (options.ivSessionKey !== undefined) {
    if (!options.publicKey) throw new Error('verifyManifest: an encrypted manifest needs the public key')
    const parsed = parsePublicKey(options.publicKey, 'the public key')
    if (parsed.form !== 'pkcs1')
      throw new ManifestRejection('checksum_fail', 'the public key is SPKI ("BEGIN PUBLIC KEY"); Android skips decryption with it')
    publicKey = parsed.key
    try {
      const { iv, encryptedKey } = parseIvSessionKey(options.ivSessionKey)
      session = { key: recoverSessionKey(parsed.key, encryptedKey), iv }
    } catch (error) {
      if (error instanceof SessionKeyError) throw new ManifestRejection('decrypt_fail', `the session key: ${error.message}`)
      throw error
    }
  }

  let downloadBytes = 0
  let installedBytes = 0
  try {
    const failure = await runBounded(
      options.entries.length,
      options.concurrency ?? 16,
      () => {
        const buffer = Buffer.allocUnsafeSlow(READ_BYTES)
        return async (index) => {
          const entry = options.entries[index]
          const expected = expectedHash(entry, publicKey)
          const result = await installedHash(entry, session, buffer)
          if (result.bytes === 0)
            throw new ManifestRejection('decrypt_fail', 'the file is empty once decrypted (Android refuses it)', entry.fileName)
          if (result.sha256 !== expected) {
            throw new ManifestRejection(
              'checksum_fail',
              `the SHA-256 of the ${session ? 'decrypted' : 'downloaded'}${entry.fileName.endsWith('.br') ? ', decompressed' : ''} file (${result.sha256}) is not the one file_hash names (${expected})`,
              entry.fileName,
            )
          }
          downloadBytes += result.downloaded
          installedBytes += result.bytes
        }
      },
      options.signal,
    )
    if (failure) throw failure.error
    options.signal?.throwIfAborted()
  } finally {
    session?.key.fill(0)
  }
  return { entries: options.entries.length, downloadBytes, installedBytes }
}

function expectedHash(entry: ManifestEntryToCheck, publicKey: ReturnType<typeof parsePublicKey>['key'] | undefined): string {
  if (!publicKey) {
    if (!SHA256_HEX.test(entry.fileHash))
      throw new ManifestRejection(
        'checksum_fail',
        'file_hash is not a lowercase SHA-256 hex digest, and there is no session key to recover a signed one',
        entry.fileName,
      )
    return entry.fileHash
  }
  try {
    const { expectedSha256 } = recoverChecksum(publicKey, entry.fileHash)
    return expectedSha256
  } catch (error) {
    if (error instanceof ChecksumError) throw new ManifestRejection('checksum_fail', `file_hash: ${error.message}`, entry.fileName)
    throw error
  }
}

async function installedHash(
  entry: ManifestEntryToCheck,
  session: { key: Buffer; iv: Buffer } | undefined,
  buffer: Buffer,
): Promise<{ sha256: string; bytes: number; downloaded: number }> {
  const handle = await open(entry.path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ManifestRejection('download_fail', `${entry.path} cannot be read (${error.code ?? error.message})`, entry.fileName)
  })
  const hash = createHash('sha256')
  let bytes = 0
  let downloaded = 0
  const decipher = session ? createDecipheriv(CIPHER, session.key, session.iv) : undefined
  const brotli = entry.fileName.endsWith('.br') ? createBrotliDecompress() : undefined
  const ended = brotli ? finished(brotli, entry.fileName) : undefined
  // Handled here so a Brotli error before the last write is not an unhandled rejection; awaited below.
  ended?.catch(() => undefined)
  brotli?.on('data', (chunk: Buffer) => {
    hash.update(chunk)
    bytes += chunk.length
    dropped(chunk.length)
  })
  const take = async (plain: Buffer, copied: boolean): Promise<void> => {
    if (!brotli) {
      hash.update(plain)
      bytes += plain.length
      return
    }
    // zlib reads the input on the thread pool: a slice of the reused buffer must be copied first.
    const input = copied ? plain : Buffer.from(plain)
    // A Brotli error destroys the stream without calling back the write in flight: ended rejects then.
    await Promise.race([new Promise<void>((resolveWrite) => brotli.write(input, () => resolveWrite())), ended])
  }
  try {
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      if (bytesRead === 0) break
      position += bytesRead
      downloaded += bytesRead
      const chunk = buffer.subarray(0, bytesRead)
      if (decipher) {
        const plain = decrypt(() => decipher.update(chunk), entry.fileName)
        dropped(plain.length)
        await take(plain, true)
      } else await take(chunk, false)
    }
    if (decipher)
      await take(
        decrypt(() => decipher.final(), entry.fileName),
        true,
      )
    if (brotli && ended) {
      brotli.end()
      await ended
    }
  } catch (error) {
    brotli?.destroy()
    throw error
  } finally {
    await handle.close()
  }
  return { sha256: hash.digest('hex'), bytes, downloaded }
}

function decrypt(step: () => Buffer, fileName: string): Buffer {
  try {
    return step()
  } catch {
    throw new ManifestRejection(
      'decrypt_fail',
      'AES-128-CBC decryption with the session key failed (bad padding): the file was changed, or encrypted with another key or IV',
      fileName,
    )
  }
}

function finished(stream: BrotliDecompress, fileName: string): Promise<void> {
  return new Promise((resolveEnd, rejectEnd) => {
    stream.once('end', resolveEnd)
    stream.once('error', (error) =>
      rejectEnd(
        new ManifestRejection(
          'decompress_fail',
          `the name ends in .br but the content is not a valid Brotli stream (${error.message})`,
          fileName,
        ),
      ),
    )
  })
}
