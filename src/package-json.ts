import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Every read of an app's or an installed package's package.json goes through
 * here, so "the app's version" and "an installed package's version" each mean
 * one thing. (The `package-json` input of the native-package check is read by
 * src/release/native-packages.ts, which must refuse a missing or broken file
 * naming that input; the action's own version is bundled by src/cli/dispatch.ts.)
 *
 * Synchronous: the files are small and the native-package walk that reads
 * installed versions is synchronous throughout.
 */

export interface PackageJson {
  /** The file read: `{dir}/package.json`. */
  path: string
  manifest: Record<string, unknown>
}

/** `{dir}/package.json`, or undefined when it is missing, unreadable, not JSON, or not a JSON object. */
export function readPackageJson(dir: string): PackageJson | undefined {
  // join, not resolve: ncc's asset relocator rewrites resolve(…, 'package.json') into a path inside dist/.
  const path = join(dir, 'package.json')
  let manifest: unknown
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
  return manifest && typeof manifest === 'object' && !Array.isArray(manifest)
    ? { path, manifest: manifest as Record<string, unknown> }
    : undefined
}

/**
 * The `version` field of `{dir}/package.json` as written (not checked: callers
 * decide what an invalid one means), or undefined when there is none. For a
 * project folder this is the app's version; for `node_modules/<name>` the
 * installed package's.
 */
export function packageVersion(dir: string): { version: string; path: string } | undefined {
  const found = readPackageJson(dir)
  const version = found?.manifest.version
  return found && typeof version === 'string' ? { version, path: found.path } : undefined
}

/** The app's version: the first of `dirs` whose package.json has a `version` string (the bundle version when none is given). */
export function appVersion(dirs: readonly string[]): { version: string; path: string } | undefined {
  for (const dir of dirs) {
    const found = packageVersion(dir)
    if (found) return found
  }
  return undefined
}
