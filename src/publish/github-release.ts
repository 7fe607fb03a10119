import { createReadStream } from 'node:fs'
import { getOctokit } from '@actions/github'
import { defaults } from '@actions/github/lib/utils'
import { standaloneNetwork } from '../cleanup.js'
import { BundleError, type Aftermath } from '../errors.js'
import { startProgress, type ProgressClock } from '../progress.js'
import type { GithubReleaseStorageSettings, Logger, Network, PackedBundle, UndoResult } from '../types.js'
import type { StorageBackend, StoredObject } from './backend.js'
import { assetLabel, plannedAssetUrl } from './github-release-settings.js'
import {
  describeHttpError,
  downloadFile,
  isRetryableHttpError,
  isRetryableStatus,
  isTimeout,
  isTransientNetworkError,
  networkCode,
  ProgressTimer,
  seconds,
} from './http.js'
import { originOf } from './public-url.js'
import { defaultRetry, withRetry } from './retry.js'
import { verifyStoredCopy, withTempFile } from './verify-stored.js'

/** Knobs tests turn; production uses the defaults. */
export interface GithubReleaseOptions {
  retry?: { attempts: number; baseDelayMs: number }
  /** Time without progress per request, the upload included; default: the run's request-timeout. */
  timeoutMs?: number
  /** For the progress line; tests pass a fake one. */
  clock?: ProgressClock
}

interface Release {
  id: number
  tag_name: string
  draft: boolean
  upload_url: string
  html_url: string
}

interface Asset {
  id: number
  name: string
  /** 'uploaded', or 'open' / 'starter' for an upload that broke off. */
  state: string
  size: number
  browser_download_url: string
}

/** What Octokit's RequestError carries, read defensively. */
interface RequestErrorShape {
  status?: number
  message?: string
  response?: { status: number; headers?: Record<string, string | undefined>; data?: unknown }
  cause?: unknown
}

function shape(error: unknown): RequestErrorShape {
  return error && typeof error === 'object' ? (error as RequestErrorShape) : {}
}

/** The HTTP status GitHub answered with; undefined when no answer came (Octokit reports those as 500 without a response). */
function answeredStatus(error: unknown): number | undefined {
  const { response } = shape(error)
  return response ? response.status : undefined
}

function isRetryableGithubError(error: unknown): boolean {
  const status = answeredStatus(error)
  if (status !== undefined) return isRetryableStatus(status)
  return isTransientNetworkError(error)
}

/** One line: GitHub's status and words, or the network failure. Never the token (Octokit's messages do not carry it). */
function describeGithubError(error: unknown): string {
  const status = answeredStatus(error)
  if (status !== undefined) return `HTTP ${status}: ${(shape(error).message ?? '').split(' - https://')[0]}`
  const { cause } = shape(error)
  return describeHttpError(cause ?? error)
}

/** An async-iterable request body (the upload's file stream), as fetch takes it with duplex: 'half'. */
function isStreamBody(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body
}

/**
 * Octokit's fetch with request-timeout measured on progress: a streamed
 * request body (the upload) touches the timer per chunk it hands over, and
 * the answer is read whole under the same timer, so a server that stops
 * answering mid-body fails the request (Octokit would otherwise take a cut
 * JSON body for an empty answer). REST answers are small. The request's own
 * signal (the run's cancellation, or an undo's budget) ends it at once.
 */
function progressFetch(base: typeof fetch, timeoutMs: number): typeof fetch {
  return async (url, init = {}) => {
    const timer = new ProgressTimer(timeoutMs)
    const signal = init.signal ? AbortSignal.any([init.signal, timer.signal]) : timer.signal
    const source = init.body
    const body = isStreamBody(source)
      ? (async function* () {
          for await (const chunk of source) {
            timer.touch()
            yield chunk
          }
        })()
      : source
    try {
      const response = await base(url, { ...init, body: body as BodyInit | null | undefined, signal })
      timer.touch()
      const chunks: Uint8Array[] = []
      if (response.body) {
        for await (const chunk of response.body) {
          timer.touch()
          chunks.push(chunk)
        }
      }
      const text = Buffer.concat(chunks)
      return new Response(text.length ? text : null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    } finally {
      timer.stop()
    }
  }
}

/**
 * The encrypted bundle as an asset of a GitHub release: the release for the
 * tag is found or created, an asset of the same name is refused unless
 * `overwrite`, and devices download the asset's public URL. A private
 * repository is refused, since its assets need a token to download. Every
 * request, the upload included, ends after request-timeout without progress
 * and is retried a bounded number of times; a broken upload is deleted
 * (GitHub keeps a partial asset) before another attempt, and on failure the
 * error says what was removed and what is left. A cancelled run deletes the
 * partial asset (and the release, when this run created it and it is empty).
 * Settings passed `checkSettings` (github-release-settings.ts) in the plan.
 */
export async function createGithubReleaseStorage(
  settings: GithubReleaseStorageSettings,
  logger: Logger,
  options: GithubReleaseOptions = {},
  network: Network = standaloneNetwork(),
): Promise<StorageBackend<PackedBundle>> {
  logger.secret(settings.token)
  const retry = options.retry ?? defaultRetry
  const timeoutMs = options.timeoutMs ?? network.requestTimeoutMs
  const { guard } = network
  const [owner, repo] = settings.repository.split('/')
  const { tag, repository } = settings
  // The proxy-aware fetch of @actions/github (HTTPS_PROXY, NO_PROXY), wrapped with request-timeout.
  const baseFetch = (defaults.request?.fetch as typeof fetch | undefined) ?? fetch
  const octokit = getOctokit(settings.token, {
    baseUrl: settings.apiUrl,
    request: { fetch: progressFetch(baseFetch, timeoutMs) },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => logger.debug(message),
      error: (message: string) => logger.debug(message),
    },
  })

  /**
   * One REST request with bounded retries. `signal` is the run's cancellation,
   * or an undo's budget (the run's is aborted by then); it reaches the fetch
   * through Octokit's `request` option.
   */
  const call = <T>(
    what: string,
    request: (options: { signal: AbortSignal }) => Promise<T>,
    signal: AbortSignal = guard.signal,
  ): Promise<T> => withRetry(() => request({ signal }), { ...retry, logger, what, retryable: isRetryableGithubError, signal })

  /** A failed read or write as one line naming what to change. */
  function explain(error: unknown, operation: string, origin = originOf(settings.apiUrl)): BundleError {
    if (error instanceof BundleError) return error
    const status = answeredStatus(error)
    const detail = describeGithubError(error)
    if (status === 401) {
      return new BundleError(
        'github_token_invalid',
        `GitHub refused github-token while ${operation} (${detail}); give a valid token.`,
        'github-token',
      )
    }
    if (status === 403) {
      return new BundleError(
        'github_forbidden',
        `GitHub refused ${operation} (${detail}): github-token needs contents: write on ${repository} (add permissions: contents: write to the job).`,
        'github-token',
      )
    }
    if (status === undefined) {
      const code = networkCode(error)
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return new BundleError(
          'github_unreachable',
          `Cannot reach the GitHub API at ${settings.apiUrl} while ${operation} (${code}); check GITHUB_API_URL.`,
          'storage',
        )
      }
      if (isTimeout(error)) {
        return new BundleError(
          'github_timeout',
          `No progress from ${origin} for ${seconds(timeoutMs)} (request-timeout), ${retry.attempts} attempts while ${operation}; check GITHUB_API_URL and the network, or raise request-timeout.`,
          'request-timeout',
        )
      }
    }
    return new BundleError('github_failed', `GitHub failed while ${operation}: ${detail}.`)
  }

  async function readRepository(): Promise<void> {
    let data: { private?: boolean; visibility?: string }
    try {
      data = (await call(`Reading repository ${repository}`, (request) => octokit.rest.repos.get({ owner, repo, request }))).data
    } catch (error) {
      if (answeredStatus(error) === 404) {
        throw new BundleError(
          'github_repository_not_found',
          `GitHub has no repository ${repository}, or github-token cannot see it.`,
          'github-token',
        )
      }
      throw explain(error, `reading repository ${repository}`)
    }
    if (data.private) {
      throw new BundleError(
        'repository_private',
        `${repository} is ${data.visibility === 'internal' ? 'internal' : 'private'}: devices cannot download its release assets without a token. Publish from a public repository, or use storage s3 or url.`,
        'storage',
      )
    }
  }

  async function findRelease(): Promise<Release | undefined> {
    try {
      return (await call(`Reading release ${tag}`, (request) => octokit.rest.repos.getReleaseByTag({ owner, repo, tag, request })))
        .data as Release
    } catch (error) {
      if (answeredStatus(error) === 404) return undefined
      throw explain(error, `reading release ${tag} of ${repository}`)
    }
  }

  async function listAssets(release: Release, signal?: AbortSignal): Promise<Asset[]> {
    try {
      return (await call(
        `Listing the assets of release ${tag}`,
        (request) =>
          octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: release.id, per_page: 100, request }),
        signal,
      )) as Asset[]
    } catch (error) {
      throw explain(error, `listing the assets of release ${tag}`)
    }
  }

  async function deleteAsset(asset: Asset, signal?: AbortSignal): Promise<void> {
    try {
      await call(
        `Deleting asset ${asset.name}`,
        (request) => octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id, request }),
        signal,
      )
    } catch (error) {
      // Gone already (a retry after a lost answer) is what we wanted.
      if (answeredStatus(error) !== 404) throw error
    }
  }

  /** The release, created when missing; a concurrent job creating it first is fine. */
  async function createRelease(): Promise<{ release: Release; created: boolean }> {
    try {
      const release = (
        await call(`Creating release ${tag}`, (request) =>
          octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: tag, request }),
        )
      ).data as Release
      logger.info(`Created release ${tag} of ${repository}`)
      return { release, created: true }
    } catch (error) {
      if (answeredStatus(error) === 422) {
        const existing = await findRelease()
        if (existing) return { release: existing, created: false }
      }
      throw explain(error, `creating release ${tag} of ${repository}`)
    }
  }

  interface Target {
    release?: Release
    existing?: Asset
  }

  async function inspect(bundle: PackedBundle): Promise<Target> {
    await readRepository()
    const release = await findRelease()
    if (release?.draft) {
      throw new BundleError(
        'release_draft',
        `Release ${tag} of ${repository} is a draft: devices cannot download its assets until it is published. Publish it, or set release-tag to another tag.`,
        'release-tag',
      )
    }
    const existing = release ? (await listAssets(release)).find((asset) => asset.name === bundle.fileName) : undefined
    if (existing && !settings.overwrite) {
      throw new BundleError(
        'asset_exists',
        `${assetLabel(settings, bundle.fileName)} already exists; a registered bundle must not change under its signed checksum. Publish a new version, delete the asset, or set overwrite: true.`,
        'overwrite',
      )
    }
    if (existing)
      logger.info(`${assetLabel(settings, bundle.fileName)} exists (${existing.size} bytes) and overwrite is true: it will be replaced`)
    if (!release) logger.info(`Release ${tag} of ${repository} does not exist yet; it will be created`)
    return { release, existing }
  }

  async function uploadOnce(release: Release, bundle: PackedBundle): Promise<Asset> {
    const progress = startProgress(
      'Uploading to the GitHub release',
      { bytes: bundle.bundleSize },
      (line) => logger.info(line),
      options.clock,
    )
    const source = createReadStream(bundle.path)
    // Each chunk counts once fetch takes it; progressFetch touches request-timeout's timer on the same chunks.
    const counted = (async function* () {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        progress.add(chunk.length)
        yield chunk
      }
    })()
    try {
      const response = await octokit.request({
        method: 'POST',
        // upload_url is a URI template ({?name,label}); the upload host differs from the API's on github.com.
        url: `${release.upload_url.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(bundle.fileName)}`,
        data: counted as unknown as string,
        headers: { 'content-type': 'application/zip', 'content-length': bundle.bundleSize },
        request: { signal: guard.signal },
      })
      return response.data as Asset
    } finally {
      progress.done()
      source.destroy()
    }
  }

  /** GitHub keeps a partial asset after a broken upload, and refuses another of the same name: remove it. */
  async function removePartial(release: Release, name: string): Promise<Asset | undefined> {
    const partial = (await listAssets(release)).find((asset) => asset.name === name)
    if (partial) {
      await deleteAsset(partial)
      logger.info(`Deleted the partial asset ${name} (${partial.state}, ${partial.size} bytes) left by the failed attempt`)
    }
    return partial
  }

  /**
   * After a failed or cancelled upload: remove the asset of this name this run
   * left (partial or whole), and the release when this run created it and
   * nothing else is in it; say what could not be removed. `signal`: the run's,
   * or an undo's budget once the run is cancelled.
   */
  async function cleanUp(release: Release, name: string, created: boolean, signal?: AbortSignal): Promise<Aftermath> {
    const aftermath: Aftermath = { cleanedUp: [], remains: [] }
    let others: Asset[] | undefined
    let partial: Asset | undefined
    /** The asset that could not be deleted; deleting the release this run created takes it along. */
    let stuck: string | undefined
    try {
      const assets = await listAssets(release, signal)
      partial = assets.find((asset) => asset.name === name)
      others = assets.filter((asset) => asset.name !== name)
      if (partial) {
        await deleteAsset(partial, signal)
        aftermath.cleanedUp.push(`deleted the ${partial.state === 'uploaded' ? '' : 'partial '}asset ${name} from release ${tag}`)
      }
    } catch (error) {
      const what = partial
        ? `the ${partial.state === 'uploaded' ? '' : 'partial '}asset ${name} (${partial.state}, ${partial.size} bytes)`
        : `possibly a partial asset ${name}`
      const failed = partial ? 'deleting it failed' : 'listing the assets failed'
      stuck = `${what} on release ${tag} (${release.html_url}): ${failed} (${describeGithubError(error)}); delete it there`
    }
    if (created && others?.length === 0) {
      // GitHub deletes a release's assets with it, so this also removes an asset that would not go alone.
      const holds = stuck
        ? `, with the ${partial?.state === 'uploaded' ? '' : 'partial '}asset ${name} that could not be deleted alone`
        : ''
      try {
        await call(
          `Deleting release ${tag}`,
          (request) => octokit.rest.repos.deleteRelease({ owner, repo, release_id: release.id, request }),
          signal,
        )
        aftermath.cleanedUp.push(
          stuck
            ? `deleted the release ${tag} this run created${holds} (the tag stays)`
            : `deleted the empty release ${tag} this run created (the tag stays)`,
        )
        stuck = undefined
      } catch (error) {
        aftermath.remains.push(
          `the ${stuck ? '' : 'empty '}release ${tag} this run created (${release.html_url}): deleting it failed (${describeGithubError(error)})`,
        )
      }
    } else if (created) {
      aftermath.remains.push(`release ${tag}, created by this run (${release.html_url})`)
    }
    if (stuck) aftermath.remains.unshift(stuck)
    return aftermath
  }

  function undoResult(aftermath: Aftermath): UndoResult {
    return { cleaned: aftermath.cleanedUp.join(', ') || undefined, left: aftermath.remains.join('; ') || undefined }
  }

  function failure(code: string, text: string, aftermath: Aftermath, input?: string): BundleError {
    const done = aftermath.cleanedUp.length ? ` Cleaned up: ${aftermath.cleanedUp.join('; ')}.` : ''
    const left = aftermath.remains.length ? ` Left behind: ${aftermath.remains.join('; ')}.` : ' Nothing from this run is left on GitHub.'
    const error = new BundleError(code, `${text} Nothing was registered.${done}${left}`, input)
    error.aftermath = aftermath
    return error
  }

  async function upload(release: Release, bundle: PackedBundle, created: boolean): Promise<Asset> {
    let uploadError: unknown
    // Set when a partial asset cannot be removed: another attempt would only meet a 422, so the upload's own failure is reported.
    let stuck = false
    try {
      return await withRetry(
        async (attempt) => {
          if (attempt > 1) {
            try {
              await removePartial(release, bundle.fileName)
            } catch (error) {
              if (guard.signal.aborted) throw error
              stuck = true
              throw uploadError
            }
          }
          try {
            return await uploadOnce(release, bundle)
          } catch (error) {
            uploadError = error
            throw error
          }
        },
        {
          ...retry,
          logger,
          what: `Uploading ${bundle.fileName} to release ${tag}`,
          retryable: (error) => !stuck && isRetryableGithubError(error),
          signal: guard.signal,
        },
      )
    } catch (error) {
      // Cancelled: the undo registered by put removes what is left, with its own budget.
      if (guard.signal.aborted) throw error
      const aftermath = await cleanUp(release, bundle.fileName, created)
      if (answeredStatus(error) === 422) {
        return Promise.reject(
          failure(
            'asset_exists',
            `${assetLabel(settings, bundle.fileName)} appeared while uploading (another run of the same version?) and was not replaced.`,
            aftermath,
            'overwrite',
          ),
        )
      }
      const reason = explain(error, `uploading ${bundle.fileName} to release ${tag}`, originOf(release.upload_url))
      const text = reason.code === 'github_failed' ? `${describeGithubError(error)}.` : reason.message
      return Promise.reject(
        failure(
          'github_upload_failed',
          `Uploading ${bundle.fileName} to release ${tag} of ${repository} failed: ${text}`,
          aftermath,
          reason.input,
        ),
      )
    }
  }

  /**
   * A stored asset that failed verify-upload is registered nowhere, so it goes
   * (with the release this run created); one that replaced an earlier asset
   * (overwrite: true) stays, as the earlier one is gone either way.
   */
  async function afterBadCopy(release: Release, asset: Asset, created: boolean, replaced: boolean): Promise<Aftermath> {
    if (!replaced) return cleanUp(release, asset.name, created)
    return {
      cleanedUp: [],
      remains: [
        `asset ${asset.name} on release ${tag} (${release.html_url}), which replaced the earlier one (overwrite: true): upload it again or delete it`,
      ],
    }
  }

  async function verifyStored(bundle: PackedBundle, asset: Asset, release: Release, created: boolean, replaced: boolean): Promise<void> {
    await withTempFile(
      bundle.fileName,
      async (file) => {
        try {
          await withRetry(() => downloadFile(new URL(asset.browser_download_url), file, timeoutMs, guard.signal), {
            ...retry,
            logger,
            what: `Downloading ${asset.browser_download_url} to verify it`,
            retryable: isRetryableHttpError,
            signal: guard.signal,
          })
        } catch (error) {
          if (guard.signal.aborted) throw error
          throw failure(
            'public_url_unavailable',
            `The upload succeeded but ${asset.browser_download_url} could not be downloaded (${describeHttpError(error)}), so devices could not fetch it either.`,
            await afterBadCopy(release, asset, created, replaced),
          )
        }
        try {
          await verifyStoredCopy(file, bundle, { label: asset.browser_download_url }, logger)
        } catch (error) {
          if (!(error instanceof BundleError)) throw error
          throw failure(error.code, error.message, await afterBadCopy(release, asset, created, replaced), error.input)
        }
      },
      guard,
    )
  }

  let planned: Target | undefined
  /** What put stored, by its URL, for discard. */
  const stored = new Map<string, { release: Release; name: string; created: boolean; replaced: boolean }>()

  return {
    async check(bundle) {
      planned = await inspect(bundle)
      return { key: assetLabel(settings, bundle.fileName), url: plannedAssetUrl(settings, bundle.fileName) }
    },

    async put(bundle): Promise<StoredObject> {
      const target = planned ?? (await inspect(bundle))
      planned = undefined
      const { release, created } = target.release ? { release: target.release, created: false } : await createRelease()
      // From here on a cancel removes the asset of this run, partial or whole, and the release if this run created it.
      const dropUndo = guard.add(`the asset ${assetLabel(settings, bundle.fileName)}`, async (signal) =>
        undoResult(await cleanUp(release, bundle.fileName, created, signal)),
      )
      try {
        if (target.existing) {
          try {
            await deleteAsset(target.existing)
          } catch (error) {
            throw explain(error, `deleting the previous asset ${bundle.fileName} (overwrite: true)`)
          }
          logger.info(`Deleted the previous asset ${bundle.fileName} of release ${tag} (overwrite: true)`)
        }
        logger.info(`Uploading ${bundle.fileName} (${bundle.bundleSize} bytes) to release ${tag} of ${repository}`)
        const asset = await upload(release, bundle, created)
        if (asset.state !== 'uploaded' || asset.size !== bundle.bundleSize) {
          const aftermath = await cleanUp(release, bundle.fileName, created)
          throw failure(
            'stored_bundle_invalid',
            `GitHub holds asset ${bundle.fileName} as ${asset.state} with ${asset.size} bytes instead of ${bundle.bundleSize}; devices would fail the checksum.`,
            aftermath,
          )
        }
        if (settings.verifyUpload) await verifyStored(bundle, asset, release, created, target.existing !== undefined)
        stored.set(asset.browser_download_url, { release, name: bundle.fileName, created, replaced: target.existing !== undefined })
        return { key: assetLabel(settings, bundle.fileName), url: asset.browser_download_url }
      } finally {
        dropUndo()
      }
    },

    /** The asset of this run when nothing will refer to it; a replaced asset (overwrite: true) is gone, so this run's stays and says so. */
    async discard(object, signal) {
      const entry = stored.get(object.url)
      if (!entry) return { left: `${object.key} (${object.url}) stays, registered nowhere: delete it from release ${tag}` }
      if (entry.replaced) {
        return {
          left: `${object.key} holds this run's bundle, registered nowhere (overwrite: true replaced the asset that was there; re-upload or register that one)`,
        }
      }
      const result = undoResult(await cleanUp(entry.release, entry.name, entry.created, signal))
      if (result.cleaned) logger.info(`Cleaned up ${object.key}: ${result.cleaned}`)
      return result
    },
  }
}
