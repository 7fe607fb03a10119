import { rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import type { DeltaBundle, DeltaResult } from '../types.js'
import { encodeKeyPath } from './public-url.js'

/** One entry of manifest.json: what the plugin reads from an update response's `manifest`. */
export interface ManifestJsonEntry {
  file_name: string
  file_hash: string
  download_url: string
}

/**
 * storage local: the delta files already sit at `{output-dir}/{appId}_{version}/delta/{sha256}_{file_name}`
 * (processDelta wrote them there); this writes `manifest.json` next to that folder. Nothing serves the
 * folder yet, so `download_url` is the file's path relative to manifest.json, each segment
 * percent-encoded: a self-hosted update server (or whoever copies the folder to a host) prefixes its
 * https base URL. Devices need absolute https URLs; this output is an artefact, not an update response.
 */
export async function writeLocalManifest(delta: DeltaBundle): Promise<DeltaResult> {
  const root = dirname(delta.dir)
  const entries: ManifestJsonEntry[] = delta.files.map((file) => ({
    file_name: file.fileName,
    file_hash: file.fileHash,
    download_url: encodeKeyPath(relative(root, file.path).split(sep).join('/')),
  }))
  const manifestPath = join(root, 'manifest.json')
  const partial = `${manifestPath}.partial`
  try {
    await writeFile(partial, `${JSON.stringify(entries, null, 2)}\n`)
    await rename(partial, manifestPath)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  return { files: entries.length, bytes: delta.bytes, manifestPath }
}
