import { createHash } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback stand-in for the parts of GitHub's REST API that the release
 * backend uses, with the upload endpoint under /uploads (the release's
 * upload_url points there) and public downloads under /download. Like GitHub,
 * an upload that breaks off leaves a partial asset in state "starter", and a
 * second asset of the same name is refused with 422.
 */

export interface GithubAsset {
  id: number
  name: string
  state: 'uploaded' | 'starter'
  size: number
  body: Buffer
}

export interface GithubRelease {
  id: number
  tag_name: string
  draft: boolean
  assets: GithubAsset[]
}

export interface RecordedRequest {
  method: string
  path: string
  authorization?: string
  headers: IncomingHttpHeaders
}

export interface GithubTestServer {
  apiUrl: string
  token: string
  owner: string
  repo: string
  requests: RecordedRequest[]
  releases: GithubRelease[]
  /** Switches a test turns. */
  faults: {
    private: boolean
    visibility?: string
    /** Upload attempts that receive half the body, leave a starter asset, and drop the connection. */
    breakUploads: number
    /** Answer asset DELETEs with 500. */
    failDeletes: boolean
    /** Answer the repository GET with this status, once per request. */
    repositoryStatus?: number
    /** Never answer the repository GET (a hung server). */
    hangRepository: boolean
    /** Uploads that leave a starter asset, read the whole body and never answer (a hung upload host). */
    hangUploads: boolean
    /** Serve public downloads with their last byte flipped (a store that damages what it holds). */
    corruptDownloads: boolean
  }
  addRelease(tag: string, draft?: boolean): GithubRelease
  addAsset(release: GithubRelease, name: string, body: Buffer): GithubAsset
  close(): Promise<void>
}

export async function startGithubServer(token = 'ghs_testtoken1234567890abcdef'): Promise<GithubTestServer> {
  const owner = 'octo'
  const repo = 'app'
  const releases: GithubRelease[] = []
  const requests: RecordedRequest[] = []
  const faults: GithubTestServer['faults'] = {
    private: false,
    breakUploads: 0,
    failDeletes: false,
    hangRepository: false,
    hangUploads: false,
    corruptDownloads: false,
  }
  let nextId = 1
  let base = ''

  const releaseJson = (release: GithubRelease) => ({
    id: release.id,
    tag_name: release.tag_name,
    draft: release.draft,
    html_url: `${base}/web/${owner}/${repo}/releases/tag/${release.tag_name}`,
    upload_url: `${base}/uploads/repos/${owner}/${repo}/releases/${release.id}/assets{?name,label}`,
    assets: release.assets.map(assetJson),
  })
  const assetJson = (asset: GithubAsset) => ({
    id: asset.id,
    name: asset.name,
    state: asset.state,
    size: asset.size,
    browser_download_url: `${base}/download/${asset.id}/${encodeURIComponent(asset.name)}`,
  })
  const addRelease = (tag: string, draft = false) => {
    const release = { id: nextId++, tag_name: tag, draft, assets: [] }
    releases.push(release)
    return release
  }
  const addAsset = (release: GithubRelease, name: string, body: Buffer) => {
    const asset: GithubAsset = { id: nextId++, name, state: 'uploaded', size: body.length, body }
    release.assets.push(asset)
    return asset
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://server')
    const path = url.pathname
    requests.push({
      method: req.method ?? '',
      path: `${path}${url.search}`,
      authorization: req.headers.authorization,
      headers: req.headers,
    })
    const json = (status: number, body?: unknown) => {
      if (body === undefined) return void res.writeHead(status).end()
      const text = JSON.stringify(body)
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text)
    }

    if (req.method === 'GET' && path.startsWith('/download/')) {
      const id = Number(path.split('/')[2])
      const asset = releases.flatMap((r) => r.assets).find((a) => a.id === id && a.state === 'uploaded')
      if (!asset) return json(404, { message: 'Not Found' })
      const body = faults.corruptDownloads
        ? Buffer.concat([asset.body.subarray(0, -1), Buffer.from([asset.body[asset.body.length - 1] ^ 0xff])])
        : asset.body
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': asset.size }).end(body)
    }
    if (req.headers.authorization !== `token ${token}`) return json(401, { message: 'Bad credentials' })

    const repoPrefix = `/repos/${owner}/${repo}`
    if (req.method === 'GET' && path === repoPrefix) {
      if (faults.hangRepository) return
      if (faults.repositoryStatus) return json(faults.repositoryStatus, { message: 'Server Error' })
      return json(200, {
        full_name: `${owner}/${repo}`,
        private: faults.private,
        visibility: faults.visibility ?? (faults.private ? 'private' : 'public'),
      })
    }
    let match = /^\/repos\/[^/]+\/[^/]+\/releases\/tags\/(.+)$/.exec(path)
    if (req.method === 'GET' && match) {
      // GitHub does not find drafts by tag for everyone, but the token here may push, so it does.
      const release = releases.find((r) => r.tag_name === decodeURIComponent(match![1]))
      return release ? json(200, releaseJson(release)) : json(404, { message: 'Not Found' })
    }
    if (req.method === 'POST' && path === `${repoPrefix}/releases`) {
      let text = ''
      req.on('data', (chunk) => (text += String(chunk)))
      req.on('end', () => {
        const body = JSON.parse(text) as { tag_name: string }
        if (releases.some((r) => r.tag_name === body.tag_name))
          return json(422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] })
        json(201, releaseJson(addRelease(body.tag_name)))
      })
      return
    }
    match = /^\/repos\/[^/]+\/[^/]+\/releases\/(\d+)\/assets$/.exec(path)
    if (req.method === 'GET' && match) {
      const release = releases.find((r) => r.id === Number(match![1]))
      return release ? json(200, release.assets.map(assetJson)) : json(404, { message: 'Not Found' })
    }
    match = /^\/repos\/[^/]+\/[^/]+\/releases\/assets\/(\d+)$/.exec(path)
    if (req.method === 'DELETE' && match) {
      if (faults.failDeletes) return json(500, { message: 'Server Error' })
      for (const release of releases) {
        const index = release.assets.findIndex((a) => a.id === Number(match![1]))
        if (index >= 0) {
          release.assets.splice(index, 1)
          return json(204)
        }
      }
      return json(404, { message: 'Not Found' })
    }
    match = /^\/repos\/[^/]+\/[^/]+\/releases\/(\d+)$/.exec(path)
    if (req.method === 'DELETE' && match) {
      const index = releases.findIndex((r) => r.id === Number(match![1]))
      if (index < 0) return json(404, { message: 'Not Found' })
      releases.splice(index, 1)
      return json(204)
    }
    match = /^\/uploads\/repos\/[^/]+\/[^/]+\/releases\/(\d+)\/assets$/.exec(path)
    if (req.method === 'POST' && match) {
      const release = releases.find((r) => r.id === Number(match![1]))
      const name = url.searchParams.get('name') ?? ''
      if (!release) return json(404, { message: 'Not Found' })
      if (!req.headers['content-length']) return json(411, { message: 'Length Required' })
      if (release.assets.some((a) => a.name === name)) {
        req.resume()
        return json(422, { message: 'Validation Failed', errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] })
      }
      const expected = Number(req.headers['content-length'])
      const chunks: Buffer[] = []
      let received = 0
      if (faults.hangUploads) {
        const asset: GithubAsset = { id: nextId++, name, state: 'starter', size: 0, body: Buffer.alloc(0) }
        release.assets.push(asset)
        req.on('data', (chunk: Buffer) => (asset.size += chunk.length))
        return
      }
      if (faults.breakUploads > 0) {
        faults.breakUploads--
        const asset: GithubAsset = { id: nextId++, name, state: 'starter', size: 0, body: Buffer.alloc(0) }
        release.assets.push(asset)
        req.on('data', (chunk: Buffer) => {
          received += chunk.length
          asset.size = received
          if (received >= expected / 2) req.socket.destroy()
        })
        return
      }
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const asset = addAsset(release, name, body)
        json(201, assetJson(asset))
      })
      return
    }
    json(404, { message: `Not Found: ${req.method} ${path}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    apiUrl: base,
    token,
    owner,
    repo,
    requests,
    releases,
    faults,
    addRelease,
    addAsset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** The step of a request to this server, for the fault proxy. */
export function classifyGithub(method: string, url: URL): string {
  const path = url.pathname
  if (path.startsWith('/uploads/')) return 'upload'
  if (path.startsWith('/download/')) return 'download'
  if (/^\/repos\/[^/]+\/[^/]+$/.test(path)) return 'repo'
  if (/\/releases\/tags\//.test(path)) return 'release'
  if (/\/releases$/.test(path)) return 'create_release'
  if (/\/releases\/\d+\/assets$/.test(path)) return 'assets'
  if (/\/releases\/assets\/\d+$/.test(path)) return 'delete_asset'
  if (method === 'DELETE' && /\/releases\/\d+$/.test(path)) return 'delete_release'
  return 'other'
}
