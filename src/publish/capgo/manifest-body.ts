import { EncodedBody } from '../http.js'
import type { ManifestEntry } from './api.js'

/** Entries per chunk written to the request: ~160 KB. */
const ENTRIES_PER_CHUNK = 64

/**
 * The set_manifest body, `{"app_id","name","manifest"}`, byte for byte what
 * JSON.stringify gives, made a chunk of entries at a time as the socket
 * drains: no string or buffer of the whole body (7.5 MB for 3,001 files)
 * sits in memory. Its length is counted once, and a retry makes the chunks
 * again from the entries.
 */
export function manifestBody(appId: string, version: string, manifest: ManifestEntry[]): EncodedBody {
  function* chunks(): Iterable<string> {
    yield `{"app_id":${JSON.stringify(appId)},"name":${JSON.stringify(version)},"manifest":[`
    for (let start = 0; start < manifest.length; start += ENTRIES_PER_CHUNK) {
      const batch = manifest
        .slice(start, start + ENTRIES_PER_CHUNK)
        .map((entry) => JSON.stringify(entry))
        .join(',')
      yield start ? `,${batch}` : batch
    }
    yield ']}'
  }
  let length = 0
  for (const chunk of chunks()) length += Buffer.byteLength(chunk)
  return new EncodedBody(length, chunks)
}
