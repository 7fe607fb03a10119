import { readFile, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { BundleError } from '../../errors.js'
import type { Logger } from '../../types.js'

/** One entry of `native_packages`, as the official CLI writes it. */
export interface NativePackage {
  name: string
  /** The installed version (node_modules), else the requested range. */
  version: string
  /** The range in package.json. */
  requested_version: string
}

interface Manifest {
  version?: unknown
  dependencies?: unknown
  devDependencies?: unknown
}

/**
 * `native_packages` of the version row: each dependency of
 * `<projectDir>/package.json` whose installed package carries native code
 * (an `android/` or `ios/` directory). Capgo compares these lists between
 * bundles to tell whether a bundle needs a new native build, so a package we
 * cannot find is reported rather than silently left out.
 */
export async function readNativePackages(projectDir: string, logger: Logger): Promise<NativePackage[]> {
  const manifestPath = join(resolve(projectDir), 'package.json')
  const manifest = await readManifest(manifestPath)
  if (!manifest) {
    logger.warning(`No package.json at ${manifestPath}: the Capgo version row lists no native packages, so Capgo cannot check channel compatibility for this bundle.`)
    return []
  }

  const requested = requestedRanges(manifest)
  const searchDirs = nodeModulesDirs(dirname(manifestPath))
  const found = await Promise.all([...requested].map(([name, range]) => describeInstalled(name, range, searchDirs)))

  const missing = [...requested.keys()].filter((_, index) => found[index] === undefined)
  if (missing.length) {
    logger.warning(`Not installed, so not checked for native code: ${missing.join(', ')}. Run the package install before this step for complete native_packages.`)
  }
  return found.filter((entry): entry is InstalledPackage => entry?.native === true).map(({ name, version, requested_version }) => ({ name, version, requested_version }))
}

async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Manifest
  } catch {
    // Reported below.
  }
  throw new BundleError('package_json_invalid', `${path} is not a JSON object; fix it so the Capgo version row can list the app's native packages.`)
}

/** dependencies, then devDependencies; a name in both keeps its first position and the devDependencies range, as the official CLI does. */
function requestedRanges(manifest: Manifest): Map<string, string> {
  const ranges = new Map<string, string>()
  for (const section of [manifest.dependencies, manifest.devDependencies]) {
    if (!section || typeof section !== 'object') continue
    for (const [name, range] of Object.entries(section)) {
      if (typeof range === 'string') ranges.set(name, range)
    }
  }
  return ranges
}

/** `node_modules` of the project and of every parent directory: where Node would resolve from, monorepos and hoisting included. */
function nodeModulesDirs(start: string): string[] {
  const dirs: string[] = []
  for (let dir = start; ; dir = dirname(dir)) {
    dirs.push(join(dir, 'node_modules'))
    if (dirname(dir) === dir) return dirs
  }
}

interface InstalledPackage extends NativePackage {
  native: boolean
}

async function describeInstalled(name: string, range: string, searchDirs: string[]): Promise<InstalledPackage | undefined> {
  for (const dir of searchDirs) {
    const packageDir = join(dir, name)
    if (!(await isDirectory(packageDir))) continue
    const installed = await readManifest(join(packageDir, 'package.json')).catch(() => undefined)
    const version = typeof installed?.version === 'string' && installed.version ? installed.version : range
    const native = (await isDirectory(join(packageDir, 'android'))) || (await isDirectory(join(packageDir, 'ios')))
    return { name, version, requested_version: range, native }
  }
  return undefined
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
