import { BundleError } from '../errors.js'
import type { GithubReleaseStorageSettings } from '../types.js'
import { isTokenSafeUrl } from '../url-input.js'

/**
 * The GitHub Releases backend's offline half: every rule about its settings,
 * run by the plan before packing. No Octokit here.
 */

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

export function checkSettings(settings: GithubReleaseStorageSettings): void {
  if (!settings.tag) {
    throw new BundleError(
      'release_tag_missing',
      'storage github-release needs release-tag: set it, or run the workflow on a tag push (on: push: tags), whose tag is the default.',
      'release-tag',
    )
  }
  if (!settings.token) {
    throw new BundleError(
      'github_token_missing',
      "github-token is empty: storage github-release needs a token that may write releases (the job's token is the default; give the job permissions: contents: write).",
      'github-token',
    )
  }
  if (!REPOSITORY.test(settings.repository)) {
    throw new BundleError(
      'github_repository_missing',
      'storage github-release needs the repository as owner/name in GITHUB_REPOSITORY, which runners set; outside a runner, set that variable.',
      'storage',
    )
  }
  let api: URL
  try {
    api = new URL(settings.apiUrl)
  } catch {
    throw new BundleError(
      'github_api_url_invalid',
      `GITHUB_API_URL is not a URL ("${settings.apiUrl}"); storage github-release sends github-token there.`,
      'storage',
    )
  }
  if (!isTokenSafeUrl(api)) {
    throw new BundleError('github_api_url_invalid', `GITHUB_API_URL must be https (the token travels to it); got ${api.origin}.`, 'storage')
  }
}

/** Where devices will download the asset: the release's public download URL, before the API confirms it. */
export function plannedAssetUrl(
  settings: Pick<GithubReleaseStorageSettings, 'serverUrl' | 'repository' | 'tag'>,
  fileName: string,
): string {
  return `${settings.serverUrl}/${settings.repository}/releases/download/${encodeURIComponent(settings.tag)}/${encodeURIComponent(fileName)}`
}

/** The storage-key output and log label: owner/name@tag/file. */
export function assetLabel(settings: Pick<GithubReleaseStorageSettings, 'repository' | 'tag'>, fileName: string): string {
  return `${settings.repository}@${settings.tag}/${fileName}`
}
