/** The shapes of capgo-api.md: what the Capgo requests send and answer. Types only. */
import type { NativePackage } from '../../release/native-packages.js'

/** The API revision the requests of capgo-api.md were recorded with. */
export const CAPGO_API_VERSION = '2025-10-01'

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
