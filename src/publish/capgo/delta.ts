import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { BundleError } from '../../errors.js'
import type { DeltaBundle, DeltaFile, DeltaSettings, Logger, PackedBundle } from '../../types.js'
import type { CapgoFilesConfig, ManifestEntry } from './api.js'
import type { CapgoClient } from './client.js'
import { runBounded } from '../../bounded.js'
import { collectAll, collectWhenGrown, LOOP_GARBAGE_BUDGET } from '../../bundle/memory.js'

/** Delta files in flight at once: the official CLI sends 500 together; a runner's connection gains nothing past a few dozen. */
export const DELTA_UPLOADS_IN_FLIGHT = 16

/** What this run sends to Capgo: the zip, the delta files, or both (capgo-api.md "Delta uploads"). */
export type DeltaChoice = 'none' | 'with-zip' | 'only'

/**
 * Decides, from the input and the server's files/config, before any write,
 * whether this run uploads delta files. `auto` follows the official rules
 * (partialUploadForced, or the Capacitor config's autoUpdate/directUpdate
 * when the server does not refuse); `true` and `only` on a server that says
 * `partialUpload: false` are refused, where the official CLI silently drops
 * them (and with `--delta-only` would link a channel to a version with
 * nothing uploaded).
 */
export function chooseDelta(
  settings: DeltaSettings | undefined,
  files: CapgoFilesConfig,
  bundle: PackedBundle,
  logger: Logger,
): DeltaChoice {
  const mode = settings?.mode ?? 'false'
  if (mode === 'false') return 'none'
  const refused = files.partialUpload === false
  if (mode === 'auto') {
    if (refused) return 'none'
    const why = files.partialUploadForced
      ? 'the Capgo server asks for delta uploads (partialUploadForced)'
      : settings?.autoFromConfig
        ? 'the Capacitor config updates devices automatically'
        : undefined
    if (!why) return 'none'
    if (!bundle.delta) {
      logger.warning(`delta: auto would upload delta files because ${why}, but this run made none; uploading the zip alone.`)
      return 'none'
    }
    logger.info(`delta: auto: uploading delta files too, because ${why}`)
    return 'with-zip'
  }
  if (refused) {
    throw new BundleError(
      'delta_not_accepted',
      `This Capgo server does not accept delta (manifest) uploads (files/config partialUpload: false), so delta: ${mode} cannot be honoured; nothing was written. Use delta: auto or false.`,
      'delta',
    )
  }
  if (!bundle.delta) throw new BundleError('delta_missing', `delta: ${mode} was asked for, but this run made no delta files.`, 'delta')
  return mode === 'only' ? 'only' : 'with-zip'
}

/** `orgs/{org}/apps/{app}/delta/[{hex(utf8(ivSessionKey))}/]{sha256hex(utf8(file_hash))}_{path}`, each path segment URI-encoded (capgo-api.md). */
export function deltaS3Path(
  ownerOrg: string,
  appId: string,
  file: Pick<DeltaFile, 'fileName' | 'fileHash'>,
  ivSessionKey: string | undefined,
): string {
  const hash = createHash('sha256').update(file.fileHash, 'utf8').digest('hex')
  const path = file.fileName
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
  const session = ivSessionKey ? `${Buffer.from(ivSessionKey, 'utf8').toString('hex')}/` : ''
  return `orgs/${ownerOrg}/apps/${appId}/delta/${session}${hash}_${path}`
}

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  js: 'application/javascript',
  mjs: 'application/javascript',
  cjs: 'application/javascript',
  css: 'text/css',
  json: 'application/json',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  avif: 'image/avif',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  xml: 'application/xml',
  txt: 'text/plain',
  md: 'text/markdown',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  map: 'application/json',
}

/** The TUS `filetype` of a delta file: by extension, `.br` ignored, as the official CLI does. */
export function deltaMimeType(fileName: string): string {
  const name = fileName.endsWith('.br') ? fileName.slice(0, -3) : fileName
  const extension = name.split('.').pop()?.toLowerCase() ?? ''
  return MIME[extension] ?? 'application/octet-stream'
}

/** Where the manifest sent to set_manifest is kept: next to the bundle, in output-dir. */
export function manifestPathFor(bundle: PackedBundle): string {
  return join(dirname(bundle.path), `${bundle.appId}_${bundle.version}.manifest.json`)
}

export interface DeltaUploadOutcome {
  entries: ManifestEntry[]
  /** Bytes sent (files the server already had are not counted). */
  bytes: number
  /** Files sent; `entries.length - uploaded` were already stored (plaintext probe). */
  uploaded: number
}

/** How far the delta upload got, for the failure message. */
export interface DeltaProgress {
  total: number
  done: number
}

/**
 * Uploads every delta file (at most DELTA_UPLOADS_IN_FLIGHT at once; each TUS
 * upload resumes and retries within request-timeout, a bounded number of
 * times) and returns the manifest entries in walk order. After the first
 * failure no new file starts; the files in flight finish, then it throws.
 */
export async function uploadDeltaFiles(
  client: CapgoClient,
  delta: DeltaBundle,
  target: { ownerOrg: string; appId: string; ivSessionKey: string; files: CapgoFilesConfig; chunkSize: number },
  logger: Logger,
  progress: DeltaProgress,
  signal?: AbortSignal,
): Promise<DeltaUploadOutcome> {
  const entries: ManifestEntry[] = new Array<ManifestEntry>(delta.files.length)
  const receipts: Array<string | undefined> = new Array<string | undefined>(delta.files.length)
  let bytes = 0
  let uploaded = 0
  progress.total = delta.files.length
  progress.done = 0

  const one = async (index: number): Promise<void> => {
    const file = delta.files[index]
    const s3Path = deltaS3Path(target.ownerOrg, target.appId, file, delta.encrypted ? target.ivSessionKey : undefined)
    entries[index] = { file_name: file.fileName, s3_path: s3Path, file_hash: file.fileHash }
    if (!delta.encrypted) {
      const probe = await client.probeDeltaFile(s3Path)
      if (probe.exists) {
        receipts[index] = probe.receipt
        progress.done++
        return
      }
    }
    receipts[index] = await client.uploadDeltaFile(
      {
        file: file.path,
        size: file.size,
        chunkSize: target.chunkSize,
        metadata: { filename: s3Path, filetype: deltaMimeType(file.fileName) },
      },
      file.fileName,
    )
    bytes += file.size
    uploaded++
    progress.done++
    // Each TUS upload lives through young-generation collections while 15 others run, so its garbage is
    // promoted; V8 let the old generation grow by ~45 MB over 3,001 files before collecting (memory.ts).
    collectWhenGrown(LOOP_GARBAGE_BUDGET)
  }

  const failure = await runBounded(delta.files.length, DELTA_UPLOADS_IN_FLIGHT, () => one, signal)
  if (failure) throw failure.error
  signal?.throwIfAborted()
  // The uploads' last garbage goes before set_manifest's body (~2.5 KB per file) is built.
  collectAll()

  // The server checks receipts as a set: a manifest with some entries lacking one is sent with none (as the official CLI does).
  const all = receipts.every((receipt) => receipt)
  if (!all && receipts.some((receipt) => receipt))
    logger.debug('Capgo: some delta files came back without a size receipt; sending the manifest without receipts')
  const finished = entries.map((entry, index) => (all ? { ...entry, file_size_receipt: receipts[index] } : entry))
  return { entries: finished, bytes, uploaded }
}

/** Entries written to the file per write: ~160 KB. */
const MANIFEST_WRITE_BATCH = 64

/**
 * Writes the entries exactly as sent to set_manifest, with the bytes of
 * `JSON.stringify(entries, null, 2)` and a newline, a batch of entries at a
 * time rather than one 8 MB string (3,001 files).
 */
export async function writeManifest(path: string, entries: ManifestEntry[]): Promise<void> {
  const file = await open(path, 'w')
  try {
    if (!entries.length) {
      await file.writeFile('[]\n')
      return
    }
    for (let start = 0; start < entries.length; start += MANIFEST_WRITE_BATCH) {
      // JSON strings hold no raw newline, so indenting every line break nests each pretty-printed entry one level.
      const batch = entries
        .slice(start, start + MANIFEST_WRITE_BATCH)
        .map((entry) => `  ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n  ')}`)
        .join(',\n')
      const end = start + MANIFEST_WRITE_BATCH >= entries.length
      await file.write(`${start ? ',\n' : '[\n'}${batch}${end ? '\n]\n' : ''}`)
    }
  } finally {
    await file.close()
  }
}
