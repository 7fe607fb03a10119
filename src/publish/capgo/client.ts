import type { ReleaseApi } from '../../release/remote.js'
import type { CapgoSettings, Logger } from '../../types.js'
import {
  CAPGO_API_VERSION,
  CLI_HEADERS,
  type CapgoApp,
  type CapgoFilesConfig,
  type CapgoServerConfig,
  type ManifestEntry,
  type TusUploadRequest,
  type VersionRow,
} from './api.js'
import { manifestBody } from './manifest-body.js'
import { advertisedSupaHost, resolveEndpoints, type CapgoEndpoints } from './endpoints.js'
import { CapgoRequestError, toCapgoError } from './errors.js'
import { CapgoTransport, defaultCapgoTimings, type CapgoTimings, type JsonRequest } from './transport.js'

/**
 * The Capgo requests of capgo-api.md, one method each. Every request has a
 * timeout; the idempotent ones are retried on 5xx, 429 and network failures.
 * Failures come out as `CapgoRequestError`, worded for the person running the
 * upload and scrubbed of the token and of presigned URLs.
 */
export class CapgoClient {
  readonly endpoints: CapgoEndpoints
  private readonly transport: CapgoTransport
  private configPromise?: Promise<CapgoServerConfig>

  constructor(
    private readonly settings: CapgoSettings,
    logger: Logger,
    timings: CapgoTimings = defaultCapgoTimings,
    /** The run's cancellation (requests stop when it aborts); clean-up requests pass their own. */
    signal?: AbortSignal,
  ) {
    // The plan checked these URLs; resolving them again only derives the bases.
    this.endpoints = resolveEndpoints(settings)
    this.transport = new CapgoTransport(this.endpoints, logger, timings, signal)
    this.transport.addSecret(settings.token)
    if (this.endpoints.supabase)
      logger.debug(`Self-hosted Capgo: API and files at ${this.endpoints.api}, PostgREST at ${this.endpoints.supabase}/rest/v1`)
  }

  /** `GET {api}/private/config`, once per client. */
  config(): Promise<CapgoServerConfig> {
    this.configPromise ??= this.fetchConfig()
    return this.configPromise
  }

  private async fetchConfig(): Promise<CapgoServerConfig> {
    const step = { what: 'reading the Capgo server config', family: 'api' } as const
    const body = await this.transport.retried(step, () =>
      this.transport.json(step, this.apiRequest('GET', this.endpoints.api, 'private/config')),
    )
    const config = asObject(body)
    const supaHost = this.endpoints.supabase ?? stringField(config, 'supaHost')
    const supaKey = this.settings.supabaseAnonKey ?? stringField(config, 'supaKey')
    if (!supaHost || !supaKey) {
      throw new CapgoRequestError(
        'capgo_config_invalid',
        'The Capgo server config has no supaHost/supaKey; for a self-hosted Capgo set capgo-supabase-url and capgo-supabase-anon-key.',
        'capgo-supabase-url',
      )
    }
    return {
      supaHost: this.endpoints.supabase ? supaHost : advertisedSupaHost(supaHost),
      supaKey,
      useNewFinalizeBundleUpload: config.useNewFinalizeBundleUpload === true,
    }
  }

  /** `GET {api}/app/{appId}`; undefined when the app does not exist or the key cannot see it (404). */
  async app(appId: string): Promise<CapgoApp | undefined> {
    const step = { what: `looking up app ${appId}`, family: 'api' } as const
    try {
      const body = asObject(
        await this.transport.retried(step, () =>
          this.transport.json(step, this.apiRequest('GET', this.endpoints.api, `app/${encodeURIComponent(appId)}`)),
        ),
      )
      const ownerOrg = stringField(body, 'owner_org')
      if (!ownerOrg) throw new CapgoRequestError('capgo_answer_invalid', `Capgo's answer for app ${appId} has no owner_org.`, undefined)
      return { app_id: stringField(body, 'app_id') ?? appId, owner_org: ownerOrg, name: stringField(body, 'name') }
    } catch (error) {
      if (error instanceof CapgoRequestError && error.status === 404) return undefined
      throw error
    }
  }

  /** `rpc/exist_app_versions`. */
  async versionExists(appId: string, version: string, signal?: AbortSignal): Promise<boolean> {
    const step = { what: `checking whether version ${version} exists`, family: 'rest' } as const
    const answer = await this.transport.retried(
      step,
      async () =>
        this.transport.json(step, await this.restRequest('rpc/exist_app_versions', { appid: appId, name_version: version }), signal),
      signal,
    )
    if (typeof answer !== 'boolean')
      throw new CapgoRequestError(
        'capgo_answer_invalid',
        'Capgo answered the version check with something other than true or false.',
        undefined,
      )
    return answer
  }

  /** `rpc/request_actor_user_id`: the user the API key belongs to. */
  async actorUserId(): Promise<string> {
    const step = { what: 'reading the user of the API key', family: 'rest' } as const
    const answer = await this.transport.retried(step, async () =>
      this.transport.json(step, await this.restRequest('rpc/request_actor_user_id', {})),
    )
    if (typeof answer !== 'string' || !answer) {
      throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not say which user the capgo-token belongs to.', 'capgo-token')
    }
    return answer
  }

  /**
   * Upsert of the version row. Retried: with `on_conflict=name,app_id` and
   * merge-duplicates a repeat of the same body leaves the same row, so a retry
   * after a lost answer cannot do harm. Returns the row id when PostgREST
   * sends the representation back.
   */
  async upsertVersion(row: VersionRow, what = `creating version ${row.name}`): Promise<{ id?: string }> {
    const step = { what, family: 'rest' } as const
    const answer = await this.transport.retried(step, async () => {
      const request = await this.restRequest('app_versions?on_conflict=name,app_id', row)
      request.headers.prefer = 'resolution=merge-duplicates,return=representation'
      return this.transport.json(step, request)
    })
    const first = Array.isArray(answer) ? answer[0] : answer
    const id = first && typeof first === 'object' ? (first as Record<string, unknown>).id : undefined
    return { id: typeof id === 'number' || typeof id === 'string' ? String(id) : undefined }
  }

  /** `GET {files}/files/config`. */
  async filesConfig(): Promise<CapgoFilesConfig> {
    const step = { what: 'reading the Capgo files config', family: 'files' } as const
    const body = asObject(
      await this.transport.retried(step, () => this.transport.json(step, this.apiRequest('GET', this.endpoints.files, 'files/config'))),
    )
    return {
      TUSUpload: body.TUSUpload === true,
      TUSUploadForced: body.TUSUploadForced === true,
      maxUploadLength: positiveNumber(body.maxUploadLength),
      maxChunkSize: positiveNumber(body.maxChunkSize),
      alertUploadSize: positiveNumber(body.alertUploadSize),
      partialUpload: typeof body.partialUpload === 'boolean' ? body.partialUpload : undefined,
      partialUploadForced: body.partialUploadForced === true,
    }
  }

  /** `POST {files}/files/upload_link`: a presigned URL, masked before anything could print it. */
  async uploadLink(appId: string, version: string): Promise<string> {
    const step = { what: 'requesting an upload URL', family: 'files' } as const
    const body = asObject(
      await this.transport.retried(step, () =>
        this.transport.json(
          step,
          this.apiRequest('POST', this.endpoints.files, 'files/upload_link', { app_id: appId, name: version, version: 0 }),
        ),
      ),
    )
    const url = stringField(body, 'url')
    if (url) this.transport.addSecret(url)
    if (!url || !/^https?:\/\//.test(url))
      throw new CapgoRequestError('capgo_answer_invalid', 'Capgo did not return an upload URL.', undefined)
    return url
  }

  /** `PUT <presigned url>`: no auth header (the URL is the credential); a fresh file stream per attempt. */
  async putFile(url: string, file: string, size: number): Promise<void> {
    const step = { what: 'uploading the bundle', family: 'upload' } as const
    await this.transport.retried(step, () => this.transport.putFile(step, url, file, size))
  }

  /** TUS 1.0 upload to `{files}/files/upload/attachments/`, resumed from the server's offset after a drop. */
  async tusUpload(request: TusUploadRequest): Promise<void> {
    const step = { what: 'uploading the bundle (TUS)', family: 'files' } as const
    // No content-type here: tus sets its own on PATCH, and a second one would be sent alongside.
    const headers = { authorization: this.settings.token, capgkey: this.settings.token, capgo_api: CAPGO_API_VERSION }
    await this.transport.tusUpload(step, request, `${this.endpoints.files}/files/upload/attachments/`, headers)
  }

  /**
   * TUS upload of one delta file to `{files}/files/upload/attachments/`, with
   * the headers the official CLI sends there (`Authorization: <apikey>`, no
   * capgkey); resumed and retried like the zip's. Returns the server's
   * `X-Capgo-Manifest-Size-Receipt`, when it sent one.
   */
  async uploadDeltaFile(request: TusUploadRequest, fileName: string): Promise<string | undefined> {
    const step = { what: `uploading delta file ${fileName} (TUS)`, family: 'files' } as const
    return this.transport.tusUpload(step, request, `${this.endpoints.files}/files/upload/attachments/`, {
      ...CLI_HEADERS,
      authorization: this.settings.token,
    })
  }

  /**
   * The unauthenticated existence probe of a plaintext delta file:
   * `GET {files}/files/read/attachments/{encodeURIComponent(s3Path)}` with
   * `range: bytes=0-0`. Any failure counts as "not stored" (then the file is
   * uploaded), as in the official CLI.
   */
  async probeDeltaFile(s3Path: string): Promise<{ exists: boolean; receipt?: string }> {
    const url = `${this.endpoints.files}/files/read/attachments/${encodeURIComponent(s3Path)}?nocache=${Date.now()}`
    try {
      const response = await this.transport.raw({
        method: 'GET',
        url,
        headers: { ...CLI_HEADERS, range: 'bytes=0-0', 'cache-control': 'no-cache' },
      })
      response.discard()
      const receipt = response.headers['x-capgo-manifest-size-receipt']
      return { exists: response.ok, receipt: response.ok && typeof receipt === 'string' && receipt ? receipt : undefined }
    } catch {
      return { exists: false }
    }
  }

  /** `POST {api}/private/set_manifest`: every entry of the version's manifest in one call. Retried: the same body sets the same manifest. */
  async setManifest(appId: string, version: string, manifest: ManifestEntry[]): Promise<void> {
    const step = { what: `setting the manifest of version ${version}`, family: 'api' } as const
    // Encoded once, off the JS heap, and re-sent as is on a retry (manifest-body.ts).
    const body = manifestBody(appId, version, manifest)
    await this.transport.retried(step, () => {
      const request = this.apiRequest('POST', this.endpoints.api, 'private/set_manifest', body)
      Object.assign(request.headers, CLI_HEADERS)
      return this.transport.json(step, request)
    })
  }

  /** `POST {api}/private/finalize_bundle_upload`. */
  async finalize(appId: string, version: string): Promise<void> {
    const step = { what: `finalizing version ${version}`, family: 'api' } as const
    await this.transport.retried(step, () =>
      this.transport.json(
        step,
        this.apiRequest('POST', this.endpoints.api, 'private/finalize_bundle_upload', { app_id: appId, name: version }),
      ),
    )
  }

  /** `POST {api}/channel`. */
  async setChannel(appId: string, channel: string, version: string): Promise<void> {
    const step = { what: `setting channel ${channel} to ${version}`, family: 'api' } as const
    await this.transport.retried(step, () =>
      this.transport.json(step, this.apiRequest('POST', this.endpoints.api, 'channel', { app_id: appId, channel, version })),
    )
  }

  /**
   * `DELETE {api}/private/delete_failed_version`, which deletes only a row
   * still `r2-direct` whose file is not stored (capgo-api.md): `deleted`, or
   * the refusal `already_deleted` (no such unfinished row: finalized,
   * external, or none) or `file_stored`. Anything else throws; its 404 means
   * "user or app not found", never "no such version". `signal` lets it run
   * after a cancel.
   */
  async deleteFailedVersion(appId: string, version: string, signal?: AbortSignal): Promise<'deleted' | 'already_deleted' | 'file_stored'> {
    const step = { what: `deleting the failed version ${version}`, family: 'api' } as const
    try {
      await this.transport.retried(
        step,
        () =>
          this.transport.json(
            step,
            this.apiRequest('DELETE', this.endpoints.api, 'private/delete_failed_version', { app_id: appId, name: version }),
            signal,
          ),
        signal,
      )
      return 'deleted'
    } catch (error) {
      if (error instanceof CapgoRequestError && error.status === 400) {
        if (error.message.includes('error_already_uploaded_to_s3')) return 'file_stored'
        if (error.message.includes('error_already_deleted')) return 'already_deleted'
      }
      throw error
    }
  }

  /**
   * Release control's requests (src/release/remote.ts): PostgREST reads and
   * writes, RPCs, API calls, and the console event. The RPCs the official CLI
   * sends the API key to get it in the body too.
   */
  releaseApi(): ReleaseApi {
    return {
      rpc: (name, body, what) => {
        const step = { what, family: 'rest' } as const
        const full = RPC_WITH_APIKEY.has(name) ? { apikey: this.settings.token, ...body } : body
        return this.transport.retried(step, async () => this.transport.json(step, await this.restRequest(`rpc/${name}`, full)))
      },
      restGet: (table, query, what, single) => {
        const step = { what, family: 'rest' } as const
        return this.transport.retried(step, async () => {
          const request = await this.restRequest(`${table}?${new URLSearchParams(query).toString()}`, undefined)
          request.method = 'GET'
          if (single) request.headers.accept = 'application/vnd.pgrst.object+json'
          return this.transport.json(step, request)
        })
      },
      restPatch: (table, query, body, what) => {
        const step = { what, family: 'rest' } as const
        return this.transport.retried(step, async () => {
          const request = await this.restRequest(`${table}?${new URLSearchParams(query).toString()}`, body)
          request.method = 'PATCH'
          request.headers.prefer = 'return=representation'
          return this.transport.json(step, request)
        })
      },
      api: (method, path, body, what) => {
        const step = { what, family: 'api' } as const
        return this.transport.retried(step, () => this.transport.json(step, this.apiRequest(method, this.endpoints.api, path, body)))
      },
      // One attempt, no retries: a notification is not worth delaying a release for.
      event: async (body) => {
        const step = { what: 'notifying the Capgo console', family: 'api' } as const
        const request = this.apiRequest('POST', this.endpoints.api, 'private/events', body)
        delete request.headers.authorization
        await this.transport.json(step, request).catch((error: unknown) => {
          throw toCapgoError(step, error, this.endpoints, (text) => this.scrub(text))
        })
      },
    }
  }

  /** Removes every credential this client knows from a text meant for people. */
  scrub(text: string): string {
    return this.transport.scrub(text)
  }

  private apiRequest(method: JsonRequest['method'], base: string, path: string, body?: unknown): JsonRequest {
    return {
      method,
      url: `${base}/${path}`,
      headers: {
        authorization: this.settings.token,
        capgkey: this.settings.token,
        capgo_api: CAPGO_API_VERSION,
        'content-type': 'application/json',
      },
      body,
    }
  }

  private async restRequest(path: string, body: unknown): Promise<JsonRequest> {
    const { supaHost, supaKey } = await this.config()
    return {
      method: 'POST',
      url: `${supaHost}/rest/v1/${path}`,
      headers: {
        apikey: supaKey,
        authorization: `Bearer ${supaKey}`,
        capgkey: this.settings.token,
        'content-type': 'application/json',
      },
      body,
    }
  }
}

/** The RPCs whose body carries the API key (capgo-api.md, "Conventions"). */
const RPC_WITH_APIKEY = new Set(['cli_check_permission', 'get_app_versions'])

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key]
  return typeof value === 'string' && value ? value : undefined
}

function positiveNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
}
