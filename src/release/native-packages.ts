import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, parse, relative, resolve, sep } from 'node:path'
import { BundleError } from '../errors.js'
import { packageVersion, readPackageJson } from '../package-json.js'

/**
 * One entry of a version row's `native_packages`, as the official CLI 8.68.1
 * writes it: `ios_checksum` / `android_checksum` only when the package has
 * files for that platform.
 */
export interface NativePackage {
  name: string
  version: string
  requested_version: string
  ios_checksum?: string
  android_checksum?: string
}

/** Where to look: absolute paths. `nodeModules` empty means the official lookup (node_modules of `start` and of every ancestor). */
export interface NativeLookup {
  packageJsons: string[]
  nodeModules: string[]
  /** Directory the default node_modules lookup starts from. */
  start: string
}

/** A file below the package counts as native source when its name ends like this (the official CLI's test, unanchored at the start). */
const NATIVE_SOURCE = /([A-Za-z0-9]+)\.(java|swift|kt|scala)$/

const RERUN_HINT = 'run after npm ci, or compatibility: ignore'

/**
 * The app's native packages, byte for byte what the official CLI puts into
 * `native_packages`: every dependency and devDependency of the package.json
 * files (first position wins, later files and devDependencies override the
 * range), looked up in the node_modules folders; only packages that are
 * Capacitor/Cordova plugins with Java/Kotlin/Swift/Scala sources are kept,
 * with SHA-256 checksums over their iOS and Android sources.
 */
export function collectNativePackages(lookup: NativeLookup): NativePackage[] {
  const requested = requestedRanges(lookup.packageJsons)
  // The official CLI wants a node_modules folder even for an app without dependencies; there is nothing to look up.
  if (requested.size === 0) return []
  const dirs = lookup.nodeModules.length ? lookup.nodeModules : ancestorNodeModules(lookup.start)
  if (!dirs.some((dir) => existsSync(dir))) {
    throw new BundleError(
      'node_modules_missing',
      `node-modules: no node_modules folder at ${dirs.join(', ')}; ${RERUN_HINT}.`,
      'node-modules',
    )
  }

  const result: NativePackage[] = []
  const missing: string[] = []
  for (const [name, range] of requested) {
    const found = locate(name, dirs)
    if (!found) {
      missing.push(name)
      continue
    }
    if (!found.native) continue
    const version = found.version ?? rangeFallback(range)
    const ios = platformChecksum(found.dir, 'ios')
    const android = platformChecksum(found.dir, 'android')
    result.push({
      name,
      version,
      requested_version: range,
      ...(ios ? { ios_checksum: ios } : {}),
      ...(android ? { android_checksum: android } : {}),
    })
  }
  if (missing.length) {
    const list = missing.join(', ')
    throw new BundleError(
      'dependency_not_installed',
      `node-modules: ${missing.length === 1 ? 'dependency' : 'dependencies'} ${list} listed in ${lookup.packageJsons.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed in ${dirs.join(', ')}; ${RERUN_HINT}.`,
      'node-modules',
    )
  }
  return result
}

function requestedRanges(packageJsons: string[]): Map<string, string> {
  const ranges = new Map<string, string>()
  for (const path of packageJsons) {
    let manifest: unknown
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      throw new BundleError(
        missing ? 'package_json_missing' : 'package_json_invalid',
        missing
          ? `package-json: ${path} does not exist; set package-json, or compatibility: ignore.`
          : `package-json: ${path} is not valid JSON.`,
        'package-json',
      )
    }
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw new BundleError('package_json_invalid', `package-json: ${path} is not a JSON object.`, 'package-json')
    }
    const { dependencies, devDependencies } = manifest as { dependencies?: unknown; devDependencies?: unknown }
    for (const section of [dependencies, devDependencies]) {
      if (!section || typeof section !== 'object') continue
      for (const [name, range] of Object.entries(section)) if (typeof range === 'string') ranges.set(name, range)
    }
  }
  return ranges
}

/** node_modules of `start` and of each ancestor, nearest first. */
export function ancestorNodeModules(start: string): string[] {
  const dirs: string[] = []
  const root = parse(start).root
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    dirs.push(join(dir, 'node_modules'))
    if (dir === root || dirname(dir) === dir) return dirs
  }
}

interface Located {
  dir: string
  version?: string
  native: boolean
}

/** Every folder holding the package is looked at in order; the first one that is native wins, else the last one found (as the official CLI). */
function locate(name: string, dirs: string[]): Located | undefined {
  let found: Located | undefined
  for (const base of dirs) {
    const dir = join(base, name)
    if (!existsSync(dir)) continue
    found = { dir, version: installedVersion(dir) ?? found?.version, native: false }
    if (!isPlugin(dir)) continue
    if (walkFiles(dir).some((file) => NATIVE_SOURCE.test(file.split(`node_modules${sep}`)[1] || file))) {
      found.native = true
      return found
    }
  }
  return found
}

function installedVersion(dir: string): string | undefined {
  return packageVersion(dir)?.version || undefined
}

/** A Cordova plugin (plugin.xml) or a Capacitor plugin (`capacitor.ios` / `capacitor.android` in its package.json). */
function isPlugin(dir: string): boolean {
  if (existsSync(join(dir, 'plugin.xml'))) return true
  const capacitor = readPackageJson(dir)?.manifest.capacitor
  return (
    !!capacitor &&
    typeof capacitor === 'object' &&
    ((capacitor as { ios?: unknown }).ios !== undefined || (capacitor as { android?: unknown }).android !== undefined)
  )
}

/** Every file below `dir`, links not followed; an unreadable folder is an error (as in the official CLI). */
function walkFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? walkFiles(path) : [path]
    })
  } catch (error) {
    if (error instanceof BundleError) throw error
    throw new BundleError(
      'node_modules_unreadable',
      `node-modules: cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); ${RERUN_HINT}.`,
      'node-modules',
    )
  }
}

/** Like walkFiles, but an unreadable folder contributes nothing. */
function walkFilesQuietly(dir: string): string[] {
  if (!existsSync(dir)) return []
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? walkFilesQuietly(path) : [path]
    })
  } catch {
    return []
  }
}

/**
 * SHA-256 over the platform's files, each contributing its path relative to
 * the package and then its bytes, in locale order of the full paths.
 * iOS: sources under ios/, root *.podspec, Package.swift, ios/Package.swift
 * (which therefore counts twice, as in the official CLI). Android: sources
 * under android/, android/build.gradle(.kts). Undefined when there is no file.
 */
export function platformChecksum(packageDir: string, platform: 'ios' | 'android'): string | undefined {
  const sources = walkFilesQuietly(join(packageDir, platform)).filter((file) => NATIVE_SOURCE.test(file))
  const files = [...sources, ...buildFiles(packageDir, platform)].sort((a, b) => a.localeCompare(b))
  if (files.length === 0) return undefined
  const hash = createHash('sha256')
  for (const file of files) {
    try {
      hash.update(relative(packageDir, file))
      hash.update(readFileSync(file))
    } catch {
      // The official CLI skips what it cannot read (after hashing the path).
    }
  }
  return hash.digest('hex')
}

function buildFiles(packageDir: string, platform: 'ios' | 'android'): string[] {
  const files: string[] = []
  if (platform === 'ios') {
    try {
      for (const name of readdirSync(packageDir)) if (name.endsWith('.podspec')) files.push(join(packageDir, name))
    } catch {
      // none
    }
    for (const path of [join(packageDir, 'Package.swift'), join(packageDir, 'ios', 'Package.swift')]) if (existsSync(path)) files.push(path)
  } else {
    for (const path of [join(packageDir, 'android', 'build.gradle'), join(packageDir, 'android', 'build.gradle.kts')])
      if (existsSync(path)) files.push(path)
  }
  return files
}

/** The official fallback when the installed package.json has no version: the range without its first ^ and ~. */
function rangeFallback(range: string): string {
  return range.replace('^', '').replace('~', '')
}
