import type { Stats } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { join, parse, resolve, sep } from 'node:path'
import { BundleError } from '../errors.js'
import { collectWhenGrown, LOOP_GARBAGE_BUDGET } from './memory.js'
import { excluder } from './exclude.js'
import { secretInBuild, secretName } from './secrets.js'
import type { BuildFile } from '../types.js'

/** A zip without ZIP64 holds at most this many entries. */
export const MAX_ZIP_ENTRIES = 0xffff
/** Sizes are 32-bit in a zip without ZIP64, and 0xffffffff itself tells readers to look for ZIP64 fields. */
export const MAX_FILE_BYTES = 0xfffffffe

export interface WalkOptions {
  /** Input or flag named in messages. */
  input?: string
  /** Globs relative to the build folder (the `exclude` input): never scanned, never packed. */
  exclude?: readonly string[]
  /** Files that must not be packed whatever their name: the signing key's own file. Compared by real path. */
  keyFiles?: readonly string[]
  /** For tests: a lower entry limit than the zip format's. */
  maxEntries?: number
}

/**
 * The walk's garbage (stat results, promises, name strings: ~1.5 KB per file)
 * outlives the small young generation while stats are in flight, so it lands
 * in the old generation, which V8 let grow to 70 MB on a 30,000-file build
 * and kept through the pack. Entries are stat'ed STAT_BATCH at a time (a
 * folder of 10,000 files held 10,000 results at once), and a full collection
 * runs after a batch whenever the heap has grown LOOP_GARBAGE_BUDGET.
 */
const STAT_BATCH = 256

/** `target` is `root` or below it; also right when root is `/`. */
export function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep)
}

/**
 * Every file of the build, sorted by zip name so directory order never shows.
 * Linear in the tree: each real directory is entered once, and a directory
 * reached a second time (through a link) is refused, naming both ways in.
 * Refused while walking, before anything is read or written: names that are
 * secrets (.git, .env, .npmrc, the signing key's file), links out of the
 * build, names devices cannot store (invalid UTF-8, two names equal after NFC
 * or ignoring case), FIFOs, sockets and devices, files over 4 GiB, and more
 * entries than a zip holds. File contents are checked as the pack reads them
 * (secrets.ts), so nothing is read twice.
 */
export async function walkBuild(buildDir: string, options: WalkOptions = {}): Promise<BuildFile[]> {
  const input = options.input ?? 'path'
  const maxEntries = options.maxEntries ?? MAX_ZIP_ENTRIES
  const excluded = excluder(options.exclude ?? [])
  const root = await realpath(buildDir)
  if (root === parse(root).root)
    throw new BundleError(
      'build_is_root',
      `${input}: ${root} is the root of the file system, not a build folder; point ${input} at your web build output.`,
      input,
    )
  const keyFiles = new Set(await Promise.all((options.keyFiles ?? []).map((file) => realpath(file).catch(() => resolve(file)))))
  /** Real path of each directory entered → the name it is packed under, and whether a link led there. */
  const entered = new Map<string, { name: string; viaLink: boolean }>([[root, { name: '', viaLink: false }]])
  /** NFC + lower case → the name that claimed it; folders only clash with files (iOS merges same-named folders). */
  const claimed = new Map<string, { name: string; folder: boolean }>()
  const files: BuildFile[] = []
  const refuse = (code: string, message: string) => new BundleError(code, `${input}: ${message}`, input)

  function claim(name: string, folder: boolean): void {
    const key = name.normalize('NFC').toLowerCase()
    const other = claimed.get(key)
    if (other === undefined) {
      claimed.set(key, { name, folder })
      return
    }
    if (other.folder && folder) return
    const how =
      other.name.normalize('NFC') === name.normalize('NFC')
        ? 'are the same name after Unicode normalisation (NFC)'
        : 'differ only in letter case'
    throw refuse(
      'name_collision',
      `${other.name} and ${name} ${how}: devices store them as one (iOS file systems ignore case and normalisation), so one would replace the other. Rename one.`,
    )
  }

  async function walk(dir: string, prefix: string): Promise<void> {
    const names = (await readdir(dir)).sort()
    if (names.some((base) => base.includes('\uFFFD'))) await checkUtf8(dir, prefix)
    const kept = names.map((base) => ({ base, name: prefix ? `${prefix}/${base}` : base })).filter(({ name }) => !excluded(name))
    for (let from = 0; from < kept.length; from += STAT_BATCH) {
      const batch = kept.slice(from, from + STAT_BATCH)
      const infos = await Promise.all(batch.map(({ base }) => lstat(join(dir, base)).catch((error: unknown) => error as Error)))
      for (let i = 0; i < batch.length; i++) await visit(join(dir, batch[i].base), batch[i], infos[i])
      collectWhenGrown(LOOP_GARBAGE_BUDGET)
    }
  }

  /** One entry of a folder, given what lstat found (or how it failed): refused, walked into, or kept as a file. */
  async function visit(path: string, { base, name }: { base: string; name: string }, found: Stats | Error): Promise<void> {
    const secret = secretName(base)
    if (secret) throw secretInBuild(name, secret, input)
    let source = path
    let info = found
    if (info instanceof Error) throw vanished(name, info)
    const viaLink = info.isSymbolicLink()
    if (viaLink) {
      const target = await realpath(source).catch(() => undefined)
      if (!target || !isInside(root, target)) {
        throw refuse(
          'symlink_escape',
          `${name} is a symbolic link that leaves the build directory (or is broken); replace it with the file itself.`,
        )
      }
      source = target
      info = await stat(target).catch((error: unknown) => error as Error)
      if (info instanceof Error) throw vanished(name, info)
    }
    if (info.isDirectory()) {
      const before = entered.get(source)
      if (before !== undefined) throw directoryTwice(before, name, viaLink)
      entered.set(source, { name, viaLink })
      claim(name, true)
      await walk(source, name)
    } else if (info.isFile()) {
      if (keyFiles.has(source)) throw secretInBuild(name, 'is the signing key file', input)
      if (info.size > MAX_FILE_BYTES) {
        throw refuse(
          'zip_too_large',
          `${name} is ${info.size} bytes; a bundle file may be at most ${MAX_FILE_BYTES} bytes (4 GiB, the zip limit devices read). Add ${name} to exclude to leave it out.`,
        )
      }
      if (files.length >= maxEntries) {
        throw refuse(
          'zip_too_large',
          `more than ${maxEntries} files (reached at ${name}): a zip without ZIP64, as devices read, holds at most ${maxEntries} entries.`,
        )
      }
      claim(name, false)
      files.push({ name, source, size: info.size })
    } else {
      throw refuse(
        'special_file',
        `${name} is ${kindOf(info)}, not a file; devices cannot unpack it. Remove it, or add ${name} to exclude.`,
      )
    }
  }

  function directoryTwice(first: { name: string; viaLink: boolean }, name: string, viaLink: boolean): BundleError {
    const before = first.name
    if (before === '' || name.startsWith(`${before}/`)) {
      return refuse(
        'symlink_loop',
        `${name} is a symbolic link back into ${before === '' ? 'the build directory itself' : `its own parent ${before}`}; remove the link, or add ${name} to exclude.`,
      )
    }
    const link = viaLink || !first.viaLink ? name : before
    return refuse(
      'directory_twice',
      `${name} and ${before} are the same directory (reached through a symbolic link); the bundle would hold it twice. Remove the link ${link}, or add ${link} to exclude.`,
    )
  }

  function vanished(name: string, error: Error): BundleError {
    return refuse(
      'build_changed',
      `${name} disappeared while the build was read (${(error as NodeJS.ErrnoException).code ?? error.message}); run again once the build has finished writing.`,
    )
  }

  /** readdir decodes invalid UTF-8 as U+FFFD; the raw bytes tell a real U+FFFD from a broken name. */
  async function checkUtf8(dir: string, prefix: string): Promise<void> {
    const decoder = new TextDecoder('utf-8', { fatal: true })
    for (const raw of await readdir(dir, { encoding: 'buffer' })) {
      try {
        decoder.decode(raw)
      } catch {
        const shown = (prefix ? `${prefix}/` : '') + raw.toString('utf8')
        throw refuse('name_not_utf8', `${shown} has a name that is not valid UTF-8 (shown with �); devices cannot store it. Rename it.`)
      }
    }
  }

  await walk(root, '')
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  return 'not a regular file'
}
