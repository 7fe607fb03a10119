import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CancelledError, RunGuard } from '../src/cleanup.js'
import { runFromInputs } from '../src/pipeline.js'
import { createGithubReleaseStorage, type GithubReleaseOptions } from '../src/publish/github-release.js'
import type { GithubReleaseStorageSettings } from '../src/types.js'
import { CapgoTestServer } from './support/capgo-server.js'
import { bundleErrorOf, inputsFrom, keyPair, makeProject, removeTempDirs } from './support/fixtures.js'
import { startGithubServer, type GithubTestServer } from './support/github-server.js'
import { closedPort, makeBundle, recordingLogger, type TestBundle } from './support/s3-server.js'

const FAST: GithubReleaseOptions = { retry: { attempts: 3, baseDelayMs: 5 }, timeoutMs: 2000 }

let dir: string
let made: TestBundle
let github: GithubTestServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capgo-ghrel-'))
  made = await makeBundle(dir, 256 * 1024)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await removeTempDirs()
})
beforeEach(async () => {
  github = await startGithubServer()
})
afterEach(() => github.close())

function settings(overrides: Partial<GithubReleaseStorageSettings> = {}): GithubReleaseStorageSettings {
  return {
    kind: 'github-release',
    repository: `${github.owner}/${github.repo}`,
    tag: 'v1.0.0',
    token: github.token,
    apiUrl: github.apiUrl,
    serverUrl: 'https://github.example.com',
    overwrite: false,
    verifyUpload: false,
    ...overrides,
  }
}

const assetsOf = (tag = 'v1.0.0') => github.releases.find((release) => release.tag_name === tag)?.assets ?? []

describe('storage github-release', () => {
  it('creates the missing release, uploads the asset and returns its public download URL; the token is masked and sent only as auth', async () => {
    const logger = recordingLogger()
    const backend = await createGithubReleaseStorage(settings({ verifyUpload: true }), logger, FAST)
    const planned = await backend.check(made.bundle)
    expect(planned).toEqual({
      key: 'octo/app@v1.0.0/com.example.app_1.0.0.zip',
      url: 'https://github.example.com/octo/app/releases/download/v1.0.0/com.example.app_1.0.0.zip',
    })
    expect(github.releases).toEqual([])

    const stored = await backend.put(made.bundle)
    const [asset] = assetsOf()
    expect(asset).toMatchObject({ name: 'com.example.app_1.0.0.zip', state: 'uploaded' })
    expect(asset.body.equals(await readFile(made.bundle.path))).toBe(true)
    expect(stored).toEqual({ key: planned.key, url: `${github.apiUrl}/download/${asset.id}/com.example.app_1.0.0.zip` })
    const upload = github.requests.find((request) => request.path.startsWith('/uploads/'))
    expect(upload?.path).toBe(`/uploads/repos/octo/app/releases/${github.releases[0].id}/assets?name=com.example.app_1.0.0.zip`)
    expect(upload?.headers['content-type']).toBe('application/zip')
    expect(upload?.headers['content-length']).toBe(String(made.bundle.bundleSize))
    expect(logger.secrets).toContain(github.token)
    expect(logger.text()).toContain('Created release v1.0.0 of octo/app')
    expect(logger.text()).toContain('Verified the stored copy')
    expect(logger.text()).not.toContain(github.token)
  })

  it('adds to an existing release without creating one', async () => {
    github.addRelease('v1.0.0')
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST)
    await backend.check(made.bundle)
    await backend.put(made.bundle)
    expect(github.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/releases'))).toEqual([])
    expect(assetsOf()).toHaveLength(1)
  })

  it('refuses an existing asset of the same name unless overwrite, which replaces it', async () => {
    const release = github.addRelease('v1.0.0')
    github.addAsset(release, made.bundle.fileName, Buffer.from('older bundle'))
    const refused = await bundleErrorOf((await createGithubReleaseStorage(settings(), recordingLogger(), FAST)).check(made.bundle))
    expect(refused).toMatchObject({ code: 'asset_exists', input: 'overwrite' })
    expect(refused.message).toContain('octo/app@v1.0.0/com.example.app_1.0.0.zip already exists')

    const backend = await createGithubReleaseStorage(settings({ overwrite: true }), recordingLogger(), FAST)
    await backend.check(made.bundle)
    await backend.put(made.bundle)
    expect(assetsOf()).toHaveLength(1)
    expect(assetsOf()[0].body.equals(await readFile(made.bundle.path))).toBe(true)
  })

  it('refuses a private or internal repository, saying why', async () => {
    github.faults.private = true
    const privateRepo = await bundleErrorOf((await createGithubReleaseStorage(settings(), recordingLogger(), FAST)).check(made.bundle))
    expect(privateRepo).toMatchObject({ code: 'repository_private', input: 'storage' })
    expect(privateRepo.message).toBe(
      'octo/app is private: devices cannot download its release assets without a token. Publish from a public repository, or use storage s3 or url.',
    )
    github.faults.visibility = 'internal'
    const internal = await bundleErrorOf((await createGithubReleaseStorage(settings(), recordingLogger(), FAST)).check(made.bundle))
    expect(internal.message).toMatch(/^octo\/app is internal:/)
  })

  it('refuses a draft release: its assets are not public', async () => {
    github.addRelease('v1.0.0', true)
    const error = await bundleErrorOf((await createGithubReleaseStorage(settings(), recordingLogger(), FAST)).check(made.bundle))
    expect(error).toMatchObject({ code: 'release_draft', input: 'release-tag' })
  })

  it('names github-token on a bad token and on a repository it cannot see', async () => {
    const bad = await bundleErrorOf(
      (await createGithubReleaseStorage(settings({ token: 'ghs_wrong' }), recordingLogger(), FAST)).check(made.bundle),
    )
    expect(bad).toMatchObject({ code: 'github_token_invalid', input: 'github-token' })
    const missing = await bundleErrorOf(
      (await createGithubReleaseStorage(settings({ repository: 'octo/other' }), recordingLogger(), FAST)).check(made.bundle),
    )
    expect(missing).toMatchObject({ code: 'github_repository_not_found', input: 'github-token' })
  })

  it('retries a 5xx a bounded number of times, and gives up on a hung server after the deadline', async () => {
    github.faults.repositoryStatus = 502
    const logger = recordingLogger()
    const error = await bundleErrorOf((await createGithubReleaseStorage(settings(), logger, FAST)).check(made.bundle))
    expect(error.code).toBe('github_failed')
    expect(github.requests.filter((request) => request.path === '/repos/octo/app')).toHaveLength(3)
    expect(logger.text()).toContain('retry 2 of 2')

    github.faults.repositoryStatus = undefined
    github.faults.hangRepository = true
    const hung = await bundleErrorOf(
      (
        await createGithubReleaseStorage(settings(), recordingLogger(), { ...FAST, retry: { attempts: 2, baseDelayMs: 5 }, timeoutMs: 100 })
      ).check(made.bundle),
    )
    expect(hung).toMatchObject({ code: 'github_timeout', input: 'request-timeout' })
    expect(hung.message).toBe(
      `No progress from ${github.apiUrl} for 0.1 s (request-timeout), 2 attempts while reading repository octo/app; check GITHUB_API_URL and the network, or raise request-timeout.`,
    )
  })

  it('names GITHUB_API_URL when nothing listens there', async () => {
    const error = await bundleErrorOf(
      (await createGithubReleaseStorage(settings({ apiUrl: `http://127.0.0.1:${await closedPort()}` }), recordingLogger(), FAST)).check(
        made.bundle,
      ),
    )
    expect(error.code).toBe('github_unreachable')
    expect(error.message).toContain('GITHUB_API_URL')
  })

  it('an upload that breaks off half-way: the partial asset is deleted and the retry stores the whole bundle', async () => {
    github.faults.breakUploads = 1
    const logger = recordingLogger()
    const backend = await createGithubReleaseStorage(settings(), logger, FAST)
    await backend.check(made.bundle)
    await backend.put(made.bundle)
    expect(assetsOf()).toHaveLength(1)
    expect(assetsOf()[0]).toMatchObject({ state: 'uploaded', size: made.bundle.bundleSize })
    expect(logger.text()).toMatch(/Deleted the partial asset com\.example\.app_1\.0\.0\.zip \(starter, \d+ bytes\)/)
  })

  it('an upload that keeps breaking off: nothing is left, and the error says so', async () => {
    github.faults.breakUploads = 99
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST)
    await backend.check(made.bundle)
    const error = await bundleErrorOf(backend.put(made.bundle))
    expect(error.code).toBe('github_upload_failed')
    expect(github.releases).toEqual([])
    expect(error.message).toContain(
      'Cleaned up: deleted the partial asset com.example.app_1.0.0.zip from release v1.0.0; deleted the empty release v1.0.0 this run created (the tag stays).',
    )
    expect(error.message).toContain('Nothing from this run is left on GitHub.')
    expect(error.aftermath?.remains).toEqual([])
    expect(github.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(3)
  })

  it('an upload that breaks off when the partial asset cannot be deleted: the error says what is left', async () => {
    github.addRelease('v1.0.0')
    github.faults.breakUploads = 99
    github.faults.failDeletes = true
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST)
    await backend.check(made.bundle)
    const error = await bundleErrorOf(backend.put(made.bundle))
    expect(assetsOf()).toHaveLength(1)
    expect(error.message).toMatch(
      /Left behind: the partial asset com\.example\.app_1\.0\.0\.zip \(starter, \d+ bytes\) on release v1\.0\.0 \(.*\): deleting it failed \(HTTP 500/,
    )
    // The upload's own failure, not the failed deletion, is the reason given.
    expect(error.message).toMatch(
      /of octo\/app failed: [^.]*(ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed)[^.]*\. Nothing was registered/,
    )
    // Once the partial asset cannot go, another attempt would only meet a 422: no more uploads.
    expect(github.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(1)
    expect(error.aftermath?.remains).toHaveLength(1)
  })
  it('a partial asset that cannot be deleted alone goes with the release this run created, and the error does not claim it stays', async () => {
    github.faults.breakUploads = 99
    github.faults.failDeletes = true
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST)
    await backend.check(made.bundle)
    const error = await bundleErrorOf(backend.put(made.bundle))
    expect(github.releases).toEqual([])
    expect(error.message).toContain(
      'Cleaned up: deleted the release v1.0.0 this run created, with the partial asset com.example.app_1.0.0.zip that could not be deleted alone (the tag stays). Nothing from this run is left on GitHub.',
    )
    expect(error.aftermath?.remains).toEqual([])
  })

  it('verify-upload: a stored copy that fails verification is deleted with the release this run created; one that replaced an earlier asset stays, and the error says so', async () => {
    github.faults.corruptDownloads = true
    const backend = await createGithubReleaseStorage(settings({ verifyUpload: true }), recordingLogger(), FAST)
    await backend.check(made.bundle)
    const error = await bundleErrorOf(backend.put(made.bundle))
    expect(error.code).toBe('stored_bundle_invalid')
    expect(error.message).toMatch(
      /^The stored copy at http:\/\/127\.0\.0\.1:\d+\/download\/\d+\/com\.example\.app_1\.0\.0\.zip fails verification: /,
    )
    expect(error.message).toContain(
      'Nothing was registered. Cleaned up: deleted the asset com.example.app_1.0.0.zip from release v1.0.0; deleted the empty release v1.0.0 this run created (the tag stays). Nothing from this run is left on GitHub.',
    )
    expect(github.releases).toEqual([])

    const release = github.addRelease('v1.0.0')
    github.addAsset(release, made.bundle.fileName, Buffer.from('the earlier bundle'))
    const replacing = await createGithubReleaseStorage(settings({ verifyUpload: true, overwrite: true }), recordingLogger(), FAST)
    await replacing.check(made.bundle)
    const replaced = await bundleErrorOf(replacing.put(made.bundle))
    expect(replaced.message).toMatch(
      /Left behind: asset com\.example\.app_1\.0\.0\.zip on release v1\.0\.0 \(.*\), which replaced the earlier one \(overwrite: true\): upload it again or delete it\.$/,
    )
    expect(assetsOf()).toHaveLength(1)
  })

  it('an upload host that takes the body and never answers: each attempt ends after request-timeout, the partial asset and the new release go, and the line names request-timeout', async () => {
    github.faults.hangUploads = true
    const backend = await createGithubReleaseStorage(
      settings(),
      recordingLogger(),
      { retry: FAST.retry },
      { requestTimeoutMs: 200, guard: new RunGuard() },
    )
    await backend.check(made.bundle)
    const error = await bundleErrorOf(backend.put(made.bundle))
    expect(error).toMatchObject({ code: 'github_upload_failed', input: 'request-timeout' })
    expect(error.message).toBe(
      `Uploading com.example.app_1.0.0.zip to release v1.0.0 of octo/app failed: No progress from ${github.apiUrl} for 0.2 s (request-timeout), 3 attempts while uploading com.example.app_1.0.0.zip to release v1.0.0; check GITHUB_API_URL and the network, or raise request-timeout. Nothing was registered. Cleaned up: deleted the partial asset com.example.app_1.0.0.zip from release v1.0.0; deleted the empty release v1.0.0 this run created (the tag stays). Nothing from this run is left on GitHub.`,
    )
    expect(github.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(3)
    expect(github.releases).toEqual([])
  })

  it('cancelled mid-upload: the request is aborted, and the undo deletes the partial asset and the release this run created', async () => {
    github.faults.hangUploads = true
    const guard = new RunGuard()
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST, { requestTimeoutMs: 60_000, guard })
    await backend.check(made.bundle)
    const putting = backend.put(made.bundle)
    const outcome = putting.catch((error: unknown) => error)
    while (!assetsOf().some((asset) => asset.size === made.bundle.bundleSize)) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(guard.registered()).toEqual(['the asset octo/app@v1.0.0/com.example.app_1.0.0.zip'])
    const report = await guard.cancel('SIGTERM')
    expect(report).toBe(
      'Cancelled by SIGTERM. Cleaned up: deleted the partial asset com.example.app_1.0.0.zip from release v1.0.0, deleted the empty release v1.0.0 this run created (the tag stays).',
    )
    expect(await outcome).toBeInstanceOf(CancelledError)
    expect(github.releases).toEqual([])
    // One upload, no retry after the cancel.
    expect(github.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(1)
  })

  it('cancelled mid-upload when the asset cannot be deleted: the report says what is left', async () => {
    github.addRelease('v1.0.0')
    github.faults.hangUploads = true
    github.faults.failDeletes = true
    const guard = new RunGuard()
    const backend = await createGithubReleaseStorage(
      settings(),
      recordingLogger(),
      { ...FAST, retry: { attempts: 2, baseDelayMs: 5 } },
      { requestTimeoutMs: 60_000, guard },
    )
    await backend.check(made.bundle)
    const outcome = backend.put(made.bundle).catch((error: unknown) => error)
    while (!assetsOf().length) await new Promise((resolve) => setTimeout(resolve, 10))
    const report = await guard.cancel('SIGINT')
    expect(report).toMatch(
      /^Cancelled by SIGINT\. Not cleaned up: the partial asset com\.example\.app_1\.0\.0\.zip \(starter, \d+ bytes\) on release v1\.0\.0 \(.*\): deleting it failed \(HTTP 500: Server Error\); delete it there\.$/,
    )
    expect(await outcome).toBeInstanceOf(CancelledError)
    expect(assetsOf()).toHaveLength(1)
  })

  it('discards an asset nothing will refer to, with the release this run created; a replaced asset stays with a note', async () => {
    const backend = await createGithubReleaseStorage(settings(), recordingLogger(), FAST)
    await backend.check(made.bundle)
    const stored = await backend.put(made.bundle)
    expect(await backend.discard!(stored)).toEqual({
      cleaned:
        'deleted the asset com.example.app_1.0.0.zip from release v1.0.0, deleted the empty release v1.0.0 this run created (the tag stays)',
    })
    expect(github.releases).toEqual([])

    const release = github.addRelease('v1.0.0')
    github.addAsset(release, made.bundle.fileName, Buffer.from('the previous bundle'))
    const replacing = await createGithubReleaseStorage(settings({ overwrite: true }), recordingLogger(), FAST)
    await replacing.check(made.bundle)
    const replaced = await replacing.put(made.bundle)
    expect((await replacing.discard!(replaced)).left).toBe(
      "octo/app@v1.0.0/com.example.app_1.0.0.zip holds this run's bundle, registered nowhere (overwrite: true replaced the asset that was there; re-upload or register that one)",
    )
    expect(assetsOf()).toHaveLength(1)
  })
})

describe('storage github-release in the plan and the pipeline', () => {
  const { privatePem, publicPem } = keyPair()

  it('request-timeout reaches the GitHub API: a hung server ends the run in one line naming request-timeout', async () => {
    github.faults.hangRepository = true
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0', version: '3.3.0' })
    const env = { GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'octo/app', GITHUB_API_URL: github.apiUrl }
    const inputs = {
      'private-key': privatePem,
      storage: 'github-release',
      'release-tag': 'v3.3.0',
      'github-token': github.token,
      'request-timeout': '0.3',
      'output-dir': join(workspace, 'out'),
    }
    const error = await bundleErrorOf(runFromInputs(inputsFrom(inputs), recordingLogger(), env, workspace))
    expect(error).toMatchObject({ code: 'github_timeout', input: 'request-timeout' })
    expect(error.message).toMatch(
      /^No progress from http:\/\/127\.0\.0\.1:\d+ for 0\.3 s \(request-timeout\), 4 attempts while reading repository octo\/app; [^\n]*raise request-timeout\.$/,
    )
    expect(github.requests.filter((request) => request.path === '/repos/octo/app')).toHaveLength(4)
  })

  it('defaults release-tag to the pushed tag, and refuses a run with no tag or no token before packing', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0' })
    const env = {
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_API_URL: 'http://127.0.0.1:9',
    }
    const inputs = {
      'private-key': privatePem,
      storage: 'github-release',
      'github-token': 'ghs_token',
      'output-dir': join(workspace, 'out'),
    }
    const noTag = await bundleErrorOf(runFromInputs(inputsFrom(inputs), recordingLogger(), env, workspace))
    expect(noTag).toMatchObject({ code: 'release_tag_missing', input: 'release-tag' })
    const noToken = await bundleErrorOf(
      runFromInputs(
        inputsFrom({ ...inputs, 'github-token': '' }),
        recordingLogger(),
        { ...env, GITHUB_REF: 'refs/tags/v1.0.0' },
        workspace,
      ),
    )
    expect(noToken).toMatchObject({ code: 'github_token_missing', input: 'github-token' })
    const noRepository = await bundleErrorOf(
      runFromInputs(inputsFrom(inputs), recordingLogger(), { ...env, GITHUB_REPOSITORY: '', GITHUB_REF: 'refs/tags/v1.0.0' }, workspace),
    )
    expect(noRepository).toMatchObject({ code: 'github_repository_missing' })
    const plainHttp = await bundleErrorOf(
      runFromInputs(
        inputsFrom(inputs),
        recordingLogger(),
        { ...env, GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_API_URL: 'http://github.internal' },
        workspace,
      ),
    )
    expect(plainHttp).toMatchObject({ code: 'github_api_url_invalid' })
  })

  it('uploads to the release of the pushed tag and registers the asset URL with Capgo as external', async () => {
    const capgo = await CapgoTestServer.start({ appId: 'com.example.test' })
    try {
      const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0', version: '3.1.0' })
      const env = {
        GITHUB_WORKSPACE: workspace,
        GITHUB_REPOSITORY: 'octo/app',
        GITHUB_REF: 'refs/tags/v3.1.0',
        GITHUB_API_URL: github.apiUrl,
        GITHUB_TOKEN: github.token,
      }
      const logger = recordingLogger()
      const { result } = await runFromInputs(
        inputsFrom({
          'private-key': privatePem,
          storage: 'github-release',
          'output-dir': join(workspace, 'out'),
          'capgo-token': capgo.token,
          'capgo-api-url': capgo.apiUrl,
          'capgo-files-url': capgo.filesUrl,
        }),
        logger,
        env,
        workspace,
      )
      const [asset] = assetsOf('v3.1.0')
      expect(result.publish.bundleUrl).toBe(`${github.apiUrl}/download/${asset.id}/com.example.test_3.1.0.zip`)
      expect(result.publish.storageKey).toBe('octo/app@v3.1.0/com.example.test_3.1.0.zip')
      expect(capgo.rows.get('3.1.0')).toMatchObject({ storage_provider: 'external', external_url: result.publish.bundleUrl })
      expect(logger.secrets).toContain(github.token)
    } finally {
      await capgo.close()
    }
  })

  it('a dry run only reads', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.2.0', version: '3.2.0' })
    const env = {
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SERVER_URL: 'https://github.example.com',
    }
    const inputs = {
      'private-key': privatePem,
      storage: 'github-release',
      'release-tag': 'v3.2.0',
      'github-token': github.token,
      'dry-run': 'true',
      'output-dir': join(workspace, 'out'),
    }
    const { result } = await runFromInputs(inputsFrom(inputs), recordingLogger(), env, workspace)
    expect(result.publish.bundleUrl).toBe('https://github.example.com/octo/app/releases/download/v3.2.0/com.example.test_3.2.0.zip')
    expect(github.requests.every((request) => request.method === 'GET')).toBe(true)
  })
})
