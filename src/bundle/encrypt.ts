import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { BundleError } from '../errors.js'
import type { ChecksumFormat, SigningKey } from '../types.js'
import { IV_BYTES, sealSessionKey, SESSION_KEY_BYTES, signChecksumWith } from './format.js'
import { HashAndEncrypt, writeAtomically } from './streams.js'

export interface EncryptedZip {
  path: string
  /** SHA-256 of the plaintext zip, lowercase hex. */
  sha256: string
  checksum: string
  checksumFormat: ChecksumFormat
  ivSessionKey: string
  keyId: string
  zipSize: number
  bundleSize: number
}

const SHA256_HEX = /^[0-9a-f]{64}$/i
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/**
 * Encrypts an existing zip the way packBundle encrypts a fresh one. The
 * official CLI signs whatever checksum it is handed; here the zip is hashed
 * while it is encrypted, and a checksum that is not that hash is refused
 * (devices would report checksum_fail), leaving no output behind.
 */
export async function encryptZipFile(
  zipPath: string,
  outPath: string,
  key: SigningKey,
  format: ChecksumFormat,
  expectedSha256?: string,
): Promise<EncryptedZip> {
  if (expectedSha256 !== undefined && !SHA256_HEX.test(expectedSha256.trim())) {
    throw new BundleError(
      'checksum_invalid',
      `checksum must be the SHA-256 of the zip in hex (64 characters), as "zip --json" prints it; encrypted bundles are never checked against CRC32.`,
      'checksum',
    )
  }
  await checkZipHeader(zipPath)

  const sessionKey = randomBytes(SESSION_KEY_BYTES)
  const iv = randomBytes(IV_BYTES)
  const stage = new HashAndEncrypt(sessionKey, iv)
  const ivSessionKey = await sealSessionKey(key, sessionKey, iv)
  let sha256 = ''
  try {
    await writeAtomically(outPath, createReadStream(zipPath), stage, {
      beforeCommit: () => {
        sha256 = stage.hash.digest('hex')
        const expected = expectedSha256?.trim().toLowerCase()
        if (expected !== undefined && expected !== sha256) {
          throw new BundleError(
            'checksum_mismatch',
            `checksum ${expected} is not the SHA-256 of ${zipPath} (${sha256}): devices would reject the bundle (checksum_fail). Pass the checksum "zip --json" printed for this very file.`,
            'checksum',
          )
        }
      },
    })
  } finally {
    sessionKey.fill(0)
  }

  return {
    path: outPath,
    sha256,
    checksum: await signChecksumWith(key, sha256, format),
    checksumFormat: format,
    ivSessionKey,
    keyId: key.keyId,
    zipSize: stage.plainBytes,
    bundleSize: stage.cipherBytes,
  }
}

/** A file that is not a zip would encrypt fine and then fail on every device with unzip_fail. */
async function checkZipHeader(zipPath: string): Promise<void> {
  const handle = await open(zipPath, 'r').catch(() => {
    throw new BundleError('zip_missing', `${zipPath} cannot be read; give the path of the zip made by "zip".`, 'zip')
  })
  try {
    const head = Buffer.alloc(ZIP_LOCAL_HEADER.length)
    // A directory opens fine on Linux and only fails here.
    const { bytesRead } = await handle.read(head, 0, head.length, 0).catch(() => ({ bytesRead: 0 }))
    if (bytesRead < head.length || !head.equals(ZIP_LOCAL_HEADER)) {
      throw new BundleError(
        'not_a_zip',
        `${zipPath} is not a zip file (or an empty one): devices would fail to unzip it (unzip_fail).`,
        'zip',
      )
    }
  } finally {
    await handle.close()
  }
}
