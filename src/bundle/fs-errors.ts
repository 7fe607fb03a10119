import { BundleError } from '../errors.js'
import type { BuildFile } from '../types.js'

/** Zip bytes beyond the file contents, per entry: local header, central header, name twice, data descriptor. */
const ENTRY_OVERHEAD = 30 + 46 + 16

/**
 * Raw system errors of a pack, as one line naming what to change: a build
 * file removed while it was packed (ENOENT), a full disk (ENOSPC: where, and
 * how many bytes the bundle needs). Anything else is passed on unchanged.
 */
export function packFailure(error: unknown, files: readonly BuildFile[], outputDir: string, written?: number): unknown {
  if (!(error instanceof Error) || error instanceof BundleError) return error
  const { code, path } = error as NodeJS.ErrnoException
  if (code === 'ENOENT' && path) {
    const file = files.find((entry) => entry.source === path)
    if (file) {
      return new BundleError(
        'build_changed',
        `path: ${file.name} disappeared while the bundle was being made; run again once the build has finished writing.`,
        'path',
      )
    }
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const needed = files.reduce((sum, file) => sum + file.size + ENTRY_OVERHEAD + 2 * Buffer.byteLength(file.name), 22 + 16)
    const after = written === undefined ? '' : ` after ${written} bytes`
    return new BundleError(
      'disk_full',
      `output-dir: the disk holding ${outputDir} is full (${code})${after}; the bundle needs up to ${needed} bytes there. Free space or choose another output-dir.`,
      'output-dir',
    )
  }
  return error
}
