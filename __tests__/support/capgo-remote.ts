import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'

/**
 * Release-control state of the loopback Capgo (capgo-api.md, "Release
 * control"): channels with their linked versions, update strategies and
 * rollout fields, permissions, organisation answers, events. The server
 * delegates every route it does not know to `handle`, and POST /channel here.
 *
 * PostgREST reads understand `select` with plain columns, `*` and the
 * channel→version embed (`version(...)` or `version:app_versions!channels_version_fkey(...)`),
 * `eq.` filters, and the single-object accept header.
 */

export interface ChannelRecord {
  id: number
  name: string
  app_id: string
  public: boolean
  /** Update strategy: 'major' | 'minor' | 'patch' | 'version_number' | 'none'. */
  disable_auto_update: string
  /** Linked (stable) version id. */
  version: number | null
  rollout_version: number | null
  rollout_enabled: boolean
  rollout_percentage_bps: number
  rollout_paused_at: string | null
  rollout_pause_reason: string | null
  rollout_cache_ttl_seconds: number | null
  allow_device_self_set: boolean
  created_by?: string
  owner_org?: string
}

/** What the server exposes to this module. */
export interface RemoteHost {
  readonly token: string
  readonly supaKey: string
  readonly appId: string
  readonly ownerOrg: string
  readonly userId: string
  readonly rows: Map<string, Record<string, unknown> & { id: number; name: string; app_id: string }>
  readonly objects: Map<string, Buffer>
  objectKey(version: string): string
  newRowId(): number
}

export interface CliWarning {
  message: string
  fatal: boolean
}

type Json = Record<string, unknown>

export class CapgoRemoteState {
  readonly channels = new Map<string, ChannelRecord>()
  /** Permission keys the API key lacks (`channel.promote_bundle`, `app.create_channel`, ...). */
  readonly denied = new Set<string>()
  cliWarnings: CliWarning[] = []
  /** `is_allowed_action_org_action` with the app id / without it. */
  plan = { withApp: true, withoutApp: true }
  twoFactorRequired = false
  trialDays = 0
  defaultUploadChannel: string | null = null
  /** delete_failed_version as Capgo's backend does it: only r2-direct rows whose file never arrived. */
  realisticDelete = false
  /** Answer `channel_zip_required` to channel assignments. */
  channelZipRequired = false
  readonly events: Json[] = []
  private nextChannelId = 100

  constructor(private readonly host: RemoteHost) {}

  /** A channel serving `version` (a row name or null), with strategy and rollout fields. */
  addChannel(
    name: string,
    fields: Partial<Omit<ChannelRecord, 'version' | 'rollout_version'>> & { version?: string | null; rolloutVersion?: string | null } = {},
  ): ChannelRecord {
    const { version, rolloutVersion, ...rest } = fields
    const record: ChannelRecord = {
      id: this.nextChannelId++,
      name,
      app_id: this.host.appId,
      public: false,
      disable_auto_update: 'major',
      version: version ? this.rowId(version) : null,
      rollout_version: rolloutVersion ? this.rowId(rolloutVersion) : null,
      rollout_enabled: false,
      rollout_percentage_bps: 0,
      rollout_paused_at: null,
      rollout_pause_reason: null,
      rollout_cache_ttl_seconds: null,
      allow_device_self_set: false,
      ...rest,
    }
    this.channels.set(name, record)
    return record
  }

  /** A stored version row (finalized unless told otherwise). */
  addVersion(name: string, fields: Json = {}): Record<string, unknown> & { id: number; name: string; app_id: string } {
    const row = {
      id: this.host.newRowId(),
      name,
      app_id: this.host.appId,
      owner_org: this.host.ownerOrg,
      storage_provider: 'r2',
      checksum: `stored-checksum-${name}`,
      session_key: `stored-iv:stored-key-${name}`,
      key_id: 'stored-key-id',
      native_packages: null,
      min_update_version: null,
      deleted: false,
      ...fields,
    }
    this.host.rows.set(name, row)
    return row
  }

  channelVersionName(channel: string): string | undefined {
    const id = this.channels.get(channel)?.version
    return id == null ? undefined : this.rowById(id)?.name
  }

  private rowId(name: string): number {
    const row = this.host.rows.get(name)
    if (!row) throw new Error(`test setup: no version ${name}`)
    return row.id
  }

  private rowById(id: number): (Json & { id: number; name: string }) | undefined {
    return [...this.host.rows.values()].find((row) => row.id === id)
  }

  /** POST {api}/channel: create, link, or set rollout fields (the server's channel endpoint). */
  postChannel(res: ServerResponse, body: Json): void {
    if (body.app_id !== this.host.appId || typeof body.channel !== 'string') return send(res, 400, { error: 'invalid_body' })
    if (this.channelZipRequired) return send(res, 400, { error: 'channel_zip_required', message: 'This channel only accepts zip bundles' })
    let channel = this.channels.get(body.channel)
    if (!channel) {
      if (this.denied.has('app.create_channel')) return send(res, 403, { error: 'not_authorized' })
      channel = this.addChannel(body.channel)
    }
    if (body.version !== undefined) {
      const row = typeof body.version === 'string' ? this.host.rows.get(body.version) : undefined
      if (!row) return send(res, 404, { error: 'version_not_found' })
      channel.version = row.id
    }
    if (body.advanceRollout === true && channel.rollout_version != null) channel.version = channel.rollout_version
    if (body.rolloutVersion !== undefined) {
      if (body.rolloutVersion === null) channel.rollout_version = null
      else {
        const row = this.host.rows.get(String(body.rolloutVersion))
        if (!row) return send(res, 404, { error: 'version_not_found' })
        channel.rollout_version = row.id
      }
    }
    if (typeof body.rolloutPercentageBps === 'number') channel.rollout_percentage_bps = body.rolloutPercentageBps
    if (typeof body.rolloutEnabled === 'boolean') channel.rollout_enabled = body.rolloutEnabled
    if (typeof body.rolloutCacheTtlSeconds === 'number') channel.rollout_cache_ttl_seconds = body.rolloutCacheTtlSeconds
    if (body.rolloutPausedAt !== undefined) channel.rollout_paused_at = body.rolloutPausedAt as string | null
    if (body.rolloutPauseReason !== undefined) channel.rollout_pause_reason = body.rolloutPauseReason as string | null
    if (body.allow_device_self_set === true) channel.allow_device_self_set = true
    send(res, 200, { id: channel.id, public: channel.public })
  }

  /** delete_failed_version as the backend does it, when `realisticDelete` is on; undefined to let the server answer. */
  deleteFailed(res: ServerResponse, body: Json): boolean {
    if (!this.realisticDelete) return false
    const row = typeof body.name === 'string' ? this.host.rows.get(body.name) : undefined
    if (!row || row.storage_provider !== 'r2-direct' || row.deleted) {
      send(res, 400, { error: 'error_already_deleted', message: 'Already deleted' })
      return true
    }
    if (this.host.objects.has(this.host.objectKey(row.name))) {
      send(res, 400, { error: 'error_already_uploaded_to_s3', message: 'delete is unsafe, use the webapp' })
      return true
    }
    this.host.rows.delete(row.name)
    send(res, 200, { status: 'ok' })
    return true
  }

  /** Routes the main server does not know. Returns false when this is not one either. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    layout: string,
    rest: string,
    url: URL,
    record: { body?: unknown },
  ): Promise<boolean> {
    const method = req.method ?? 'GET'
    if ((method === 'PUT' || method === 'PATCH') && record.body === undefined) record.body = await readJson(req)
    const body = asRecord(record.body)
    const api = layout === 'api' || layout === 'functions'

    if (layout === 'rest') {
      if (req.headers.apikey !== this.host.supaKey || req.headers.capgkey !== this.host.token) {
        send(res, 401, { message: 'Invalid API key' })
        return true
      }
      if (method === 'POST' && rest.startsWith('rpc/')) return this.rpc(res, rest.slice(4), body)
      if (rest === 'channels') return this.tableChannels(req, res, url, body)
      if (rest === 'app_versions' && method !== 'POST') return this.tableVersions(req, res, url, body)
      if (rest === 'apps' && method === 'GET') {
        const rows = [{ app_id: this.host.appId, default_upload_channel: this.defaultUploadChannel }].filter((row) => matches(row, url))
        answerRows(
          req,
          res,
          rows.map((row) => project(row, parseSelect(url.searchParams.get('select') ?? '*'), () => undefined)),
        )
        return true
      }
      return false
    }
    if (api && method === 'POST' && rest === 'private/events') {
      if (req.headers.capgkey !== this.host.token) send(res, 401, { error: 'invalid_apikey' })
      else {
        this.events.push(body)
        send(res, 200, { status: 'ok' })
      }
      return true
    }
    if (api && (req.headers.authorization !== this.host.token || req.headers.capgkey !== this.host.token)) {
      if (rest === 'bundle' || rest.startsWith('bundle?')) {
        send(res, 401, { error: 'invalid_apikey' })
        return true
      }
      return false
    }
    if (api && method === 'PUT' && rest === 'bundle') {
      const channel = [...this.channels.values()].find((entry) => entry.id === body.channel_id)
      const row = typeof body.version_id === 'number' ? this.rowById(body.version_id) : undefined
      if (body.app_id !== this.host.appId || !channel || !row) send(res, 404, { error: 'not_found' })
      else if (this.channelZipRequired) send(res, 400, { error: 'channel_zip_required', message: 'This channel only accepts zip bundles' })
      else if (this.denied.has('channel.promote_bundle')) send(res, 403, { error: 'not_authorized' })
      else {
        channel.version = row.id
        send(res, 200, { status: 'ok' })
      }
      return true
    }
    if (api && method === 'GET' && rest === 'bundle') {
      const page = Number(url.searchParams.get('page') ?? 0)
      const all = [...this.host.rows.values()].filter((row) => !row.deleted).sort((a, b) => b.id - a.id)
      send(res, 200, all.slice(page * 50, page * 50 + 50))
      return true
    }
    return false
  }

  private rpc(res: ServerResponse, name: string, body: Json): boolean {
    switch (name) {
      case 'cli_check_permission':
        send(res, 200, body.apikey === this.host.token && !this.denied.has(String(body.permission_key)))
        return true
      case 'get_app_versions': {
        const row = typeof body.name_version === 'string' ? this.host.rows.get(body.name_version) : undefined
        send(res, 200, row && body.appid === this.host.appId ? row.id : null)
        return true
      }
      case 'reject_access_due_to_2fa_for_app':
        send(res, 200, this.twoFactorRequired)
        return true
      case 'get_organization_cli_warnings':
        send(res, 200, this.cliWarnings)
        return true
      case 'is_allowed_action_org_action':
        send(res, 200, body.appid === undefined ? this.plan.withoutApp : this.plan.withApp)
        return true
      case 'is_allowed_action_org':
        send(res, 200, this.plan.withApp)
        return true
      case 'is_trial_org':
        send(res, 200, this.trialDays)
        return true
      case 'is_paying_org':
        send(res, 200, this.trialDays === 0)
        return true
      case 'has_usage_credits_org':
        send(res, 200, false)
        return true
      default:
        return false
    }
  }

  private tableChannels(req: IncomingMessage, res: ServerResponse, url: URL, body: Json): boolean {
    const select = parseSelect(url.searchParams.get('select') ?? '*')
    const selected = [...this.channels.values()].filter((channel) => matches(channel as unknown as Json, url))
    if (req.method === 'GET') {
      answerRows(
        req,
        res,
        selected.map((channel) =>
          project(channel as unknown as Json, select, (id) => (typeof id === 'number' ? this.rowById(id) : undefined)),
        ),
      )
      return true
    }
    if (req.method === 'PATCH') {
      for (const channel of selected) {
        for (const [key, value] of Object.entries(body)) {
          if (key === 'version' && typeof value === 'number') channel.version = value
          else (channel as unknown as Json)[key] = value
        }
      }
      answerRows(
        req,
        res,
        selected.map((channel) => project(channel as unknown as Json, select, () => undefined)),
      )
      return true
    }
    if (req.method === 'POST') {
      const channel = this.addChannel(String(body.name), { ...(body as Partial<ChannelRecord>), version: undefined })
      if (typeof body.version === 'number') channel.version = body.version
      answerRows(req, res, [channel as unknown as Json])
      return true
    }
    return false
  }

  private tableVersions(req: IncomingMessage, res: ServerResponse, url: URL, body: Json): boolean {
    const select = parseSelect(url.searchParams.get('select') ?? '*')
    let selected = [...this.host.rows.values()].filter((row) => matches(row, url))
    if (req.method === 'GET') {
      if (url.searchParams.get('order')?.startsWith('created_at.desc')) selected = selected.sort((a, b) => b.id - a.id)
      const limit = Number(url.searchParams.get('limit') ?? Infinity)
      answerRows(
        req,
        res,
        selected.slice(0, limit).map((row) => project(row, select, () => undefined)),
      )
      return true
    }
    if (req.method === 'PATCH') {
      for (const row of selected) Object.assign(row, body)
      if (String(req.headers.prefer ?? '').includes('return=representation')) answerRows(req, res, selected)
      else res.writeHead(204).end()
      return true
    }
    return false
  }
}

type Field = { key: string; alias?: string; children?: Field[] }

/** PostgREST `select`: `a,b,version(c,d)`, `version:app_versions!channels_version_fkey(c)`, `*`. */
export function parseSelect(text: string): Field[] {
  const source = text.replace(/\s+/g, '')
  let index = 0
  const parseList = (): Field[] => {
    const fields: Field[] = []
    while (index < source.length && source[index] !== ')') {
      let name = ''
      while (index < source.length && !',()'.includes(source[index])) name += source[index++]
      let children: Field[] | undefined
      if (source[index] === '(') {
        index++
        children = parseList()
        index++
      }
      const [alias, target] = name.includes(':') ? name.split(':') : [undefined, name]
      const key = target.split('!')[0] === 'app_versions' ? 'version' : target.split('!')[0]
      fields.push({ key, alias: alias ?? key, children })
      if (source[index] === ',') index++
    }
    return fields
  }
  return parseList()
}

function project(row: Json, fields: Field[], embed: (id: unknown) => Json | undefined): Json {
  const out: Json = {}
  for (const field of fields) {
    if (field.key === '*') Object.assign(out, row)
    else if (field.children) {
      const target = embed(row[field.key])
      out[field.alias ?? field.key] = target ? project(target, field.children, () => undefined) : null
    } else out[field.alias ?? field.key] = row[field.key] ?? null
  }
  return out
}

function matches(row: Json, url: URL): boolean {
  for (const [key, value] of url.searchParams) {
    if (['select', 'order', 'limit', 'on_conflict', 'offset'].includes(key)) continue
    if (!value.startsWith('eq.')) continue
    if (String(row[key]) !== value.slice(3)) return false
  }
  return true
}

function answerRows(req: IncomingMessage, res: ServerResponse, rows: Json[]): void {
  if (String(req.headers.accept ?? '').includes('application/vnd.pgrst.object+json')) {
    if (rows.length !== 1)
      return send(res, 406, {
        code: 'PGRST116',
        message: `JSON object requested, multiple (or no) rows returned`,
        details: `The result contains ${rows.length} rows`,
      })
    return send(res, 200, rows[0])
  }
  send(res, 200, rows)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function asRecord(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {}
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
}

/** Requests that change remote state (reads, RPC checks and events excluded). */
export function isWrite(request: { method: string; path: string; headers: IncomingHttpHeaders }): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false
  if (request.path.includes('/rest/v1/rpc/')) return false
  if (request.path.endsWith('/private/events')) return false
  return true
}
