import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { BundleError } from '../errors.js'
import type { BuildFile, BuildSummary, Logger } from '../types.js'
import { packFailure } from './fs-errors.js'
import { walkBuild, type WalkOptions } from './walk.js'

const NOTIFY_APP_READY = 'notifyAppReady'
const SCRIPT_FILE = /\.(m|c)?js$/i
const PARALLEL_SCANS = 8

export type { BuildSummary }

/**
 * The checks that must pass before any work: a bundle without index.html at
 * its root, or one that never calls notifyAppReady, installs and is then
 * rolled back on every device.
 */
export async function checkBuild(
  buildDir: string,
  requireNotifyAppReady: boolean,
  logger: Logger,
  walk: WalkOptions = {},
): Promise<BuildSummary> {
  const info = await stat(buildDir).catch(() => undefined)
  if (!info)
    throw new BundleError(
      'build_missing',
      `path: build directory ${buildDir} does not exist; run your web build first or set path.`,
      'path',
    )
  if (!info.isDirectory()) throw new BundleError('build_not_directory', `path: ${buildDir} is a file, not a build directory.`, 'path')

  const files = await walkBuild(buildDir, walk)
  if (files.length === 0)
    throw new BundleError('build_empty', `path: build directory ${buildDir} is empty; run your web build first.`, 'path')
  if (!files.some((file) => file.name === 'index.html')) {
    throw new BundleError(
      'index_missing',
      `path: ${buildDir} has no index.html at its root; point path at the build output folder itself (devices load index.html from the bundle root).`,
      'path',
    )
  }

  const calls = await callsNotifyAppReady(files).catch((error: unknown) => {
    throw packFailure(error, files, buildDir)
  })
  if (!calls) {
    const message =
      'no .js file in the build calls notifyAppReady(): devices would install this bundle, wait for the call, and roll back to the previous bundle. Call CapacitorUpdater.notifyAppReady() at app start.'
    if (requireNotifyAppReady)
      throw new BundleError(
        'notify_app_ready_missing',
        `${message} (set require-notify-app-ready: false to only warn)`,
        'require-notify-app-ready',
      )
    logger.warning(message)
  }
  return { files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) }
}

/**
 * Largest scripts first, a few at a time: the call usually sits in the main
 * chunk, which is among the largest, so most builds are answered by the first
 * reads instead of a pass over every script.
 */
async function callsNotifyAppReady(files: readonly BuildFile[]): Promise<boolean> {
  const scripts = files.filter((file) => SCRIPT_FILE.test(file.name)).sort((a, b) => b.size - a.size)
  for (let i = 0; i < scripts.length; i += PARALLEL_SCANS) {
    const batch = scripts.slice(i, i + PARALLEL_SCANS)
    const found = await Promise.all(batch.map((file) => fileContains(file.source, NOTIFY_APP_READY)))
    if (found.includes(true)) return true
  }
  return false
}

/** Streams the file, keeping a small overlap so a match split across chunks is still found. */
async function fileContains(path: string, needle: string): Promise<boolean> {
  let tail = ''
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 256 * 1024 })) {
    const text = tail + (chunk as string)
    if (text.includes(needle)) return true
    tail = text.slice(-(needle.length - 1))
  }
  return false
}
