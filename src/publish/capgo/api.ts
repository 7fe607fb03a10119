/** The shapes of capgo-api.md: what the Capgo requests send and answer. Types only. */
import type { NativePackage } from '../../release/native-packages.js'
import { OFFICIAL_CLI_VERSION } from '../../release/remote.js'

/** The API revision the requests of capgo-api.md were recorded with. */
export const CAPGO_API_VERSION = '2025-10-01'

/**
 * What the official CLI 8.68.1 sends with its delta requests (TUS, probe,
 * set_manifest) besides the key, recorded against the loopback server: the
 * API revision and its `x-cli-*` headers, which name the release whose
 * requests these are and the command they belong to.
 */
export const CLI_HEADERS: Readonly<Record<string, string>> = {
  capgo_api: CAPGO_API_VERSION,
  'x-cli-version': OFFICIAL_CLI_VERSION,
  'x-cli-command': 'bundle upload',
  'x-cli-node': process.version,
  'x-cli-os': process.platform,
}

/** `GET /private/config`. */
export interface CapgoServerConfig {
  supaHost: string
  supaKey: string
  useNewFinalizeBundleUpload: boolean
}

/** `GET /app/{appId}`. */
export interface CapgoApp {
  app_id: string
  owner_org: string
  name?: string
}

/** `GET /files/config`, reduced to what decides how the file travels. */
export interface CapgoFilesConfig {
  TUSUpload: boolean
  TUSUploadForced: boolean
  /** Bytes; 0 when the server does not say. */
  maxUploadLength: number
  /** Bytes; 0 when the server does not say. */
  maxChunkSize: number
  /** Bytes above which the official CLI warns that devices take long to download; 0 when the server does not say. */
  alertUploadSize?: number
  /** Whether the server takes delta (manifest) uploads; undefined when it does not say (then they are allowed). */
  partialUpload?: boolean
  /** The server asks for delta uploads even when the user did not. */
  partialUploadForced?: boolean
}

/** One entry of `POST /private/set_manifest`, in the official CLI's key order. */
export interface ManifestEntry {
  file_name: string
  s3_path: string
  file_hash: string
  /** The upload's `X-Capgo-Manifest-Size-Receipt`; left out of every entry when any file lacks one. */
  file_size_receipt?: string
}

/** An entry of `native_packages`, as the official CLI writes it (release/native-packages.ts). */
export type NativePackageEntry = NativePackage

/** A row of `app_versions`, in the key order of capgo-api.md. */
export interface VersionRow {
  name: string
  app_id: string
  session_key: string
  checksum: string
  key_id: string
  storage_provider: 'r2-direct' | 'r2' | 'external'
  owner_org: string
  user_id: string
  /** Absent with compatibility: ignore (as --ignore-metadata-check). */
  native_packages?: NativePackageEntry[]
  link: string | null
  comment: string | null
  min_update_version?: string
  external_url?: string
  manifest?: null
}

/** A TUS 1.0 upload to `{files}/files/upload/attachments/`. */
export interface TusUploadRequest {
  file: string
  size: number
  chunkSize: number
  metadata: Record<string, string>
}
