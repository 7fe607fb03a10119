import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'

/*
 * verify-upload for delta files: the stored bytes must be the processed file
 * that was verified as a device would before publishing (decrypt, un-Brotli,
 * hash), so comparing SHA-256 of the bytes is the device check carried over.
 */

export async function sha256OfStream(stream: Readable): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of stream) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function sha256OfFile(path: string): Promise<string> {
  return sha256OfStream(createReadStream(path))
}

/** Content type of a stored delta object: its bytes are encrypted or compressed, so none of the original's. */
export const DELTA_CONTENT_TYPE = 'application/octet-stream'
export const MANIFEST_CONTENT_TYPE = 'application/json'
