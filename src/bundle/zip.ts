import { createReadStream } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { Readable } from 'node:stream'
import { ZipArchive, type ZipEntryData } from 'archiver'
import { BundleError } from '../errors.js'

export interface BuildFile {
  /** Path inside the zip: relative to the build directory, `/`-separated. */
  name: string
  /** Absolute path to read, with symbolic links resolved. */
  source: string
  size: number
}

/**
 * Formats that are already compressed: deflating them again costs time and
 * saves nothing, so they are stored.
 */
const STORED_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'avif', 'gif', 'woff', 'woff2', 'mp3', 'mp4', 'br', 'gz', 'zip'])

/** Fixed entry time, read as UTC by zip-stream: no file time or time zone reaches the zip. */
const ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0))
const ENTRY_MODE = 0o644
/** zlib level 6 matches what the official CLI produces within a fraction of a percent. */
const DEFLATE_LEVEL = 6
const READ_CHUNK = 256 * 1024

export function isStored(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot >= 0 && STORED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())
}

/**
 * Every file of the build, sorted by zip name so directory order never shows.
 * Links are followed only while they stay inside the build directory.
 */
export async function listBuildFiles(buildDir: string, input = 'path'): Promise<BuildFile[]> {
  const root = await realpath(buildDir)
  const files: BuildFile[] = []

  async function walk(dir: string, prefix: string, ancestors: Set<string>): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name
      let source = join(dir, entry.name)
      let info = await lstat(source)
      if (info.isSymbolicLink()) {
        const target = await realpath(source).catch(() => undefined)
        if (!target || (target !== root && !target.startsWith(root + sep))) {
          throw new BundleError('symlink_escape', `${input}: ${name} is a symbolic link that leaves the build directory (or is broken); replace it with the file itself.`, input)
        }
        source = target
        info = await stat(target)
      }
      if (info.isDirectory()) {
        const real = await realpath(source)
        if (ancestors.has(real)) {
          throw new BundleError('symlink_loop', `${input}: ${name} is a symbolic link back into one of its own parent directories.`, input)
        }
        await walk(source, name, new Set([...ancestors, real]))
      } else if (info.isFile()) {
        files.push({ name, source, size: info.size })
      }
    }
  }

  await walk(root, '', new Set([root]))
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The zip as a stream, entries in the given order; byte-identical for identical contents. */
export function createZipStream(files: readonly BuildFile[]): ZipArchive {
  const archive = new ZipArchive({ zlib: { level: DEFLATE_LEVEL } })
  // append(), not file(): file() stats entries concurrently and can reorder them.
  for (const file of files) {
    const entry: ZipEntryData = { name: file.name, date: ENTRY_DATE, mode: ENTRY_MODE, store: isStored(file.name) }
    // archiver does not forward an entry's read error; without this the pipeline would wait forever.
    const source = new FileOpenedOnRead(file.source)
    source.once('error', (error) => archive.destroy(error))
    archive.append(source, entry)
  }
  void archive.finalize()
  return archive
}

/** Opens the file only when the zip reaches it, so thousands of entries never hold thousands of descriptors. */
class FileOpenedOnRead extends Readable {
  private source: Readable | undefined

  constructor(private readonly path: string) {
    super({ highWaterMark: READ_CHUNK })
  }

  override _read(): void {
    if (this.source) {
      this.source.resume()
      return
    }
    const source = createReadStream(this.path, { highWaterMark: READ_CHUNK })
    this.source = source
    source.on('data', (chunk) => {
      if (!this.push(chunk)) source.pause()
    })
    source.on('end', () => this.push(null))
    source.on('error', (error) => this.destroy(error))
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source?.destroy()
    callback(error)
  }
}
