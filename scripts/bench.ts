// npm run bench [-- --size-mb 100 --size-mb 1024 --official-max-mb 100]
//
// Builds a synthetic web build (about 3,000 files: ~60% JS text, ~40%
// already-compressed assets), then measures in one run, side by side:
//   ours:     node dist/index.js (the shipped action: pack + encrypt, storage local)
//   official: node @capgo/cli bundle zip + bundle encrypt on the same tree
// Wall time and peak RSS (VmHWM of the process, read from /proc while it runs).
import { spawn } from 'node:child_process'
import { generateKeyPairSync, randomFillSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const root = new URL('../', import.meta.url).pathname
const benchDir = join(root, '.bench')
const officialCli = join(root, 'node_modules/@capgo/cli/dist/index.js')
const actionEntry = join(root, 'dist/index.js')
const FILES = 3000
const ASSET_SHARE = 0.4
const ASSET_EXTENSIONS = ['png', 'jpg', 'webp', 'woff2', 'avif', 'mp4']

const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', multiple: true, default: ['100', '1024'] },
    'official-max-mb': { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
  },
})

interface Measured {
  wallMs: number
  peakRssMb: number
  code: number
  stdout: string
  stderr: string
}

/** Runs a command, sampling its VmHWM (peak resident set) until it exits. */
function measure(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let peakKb = 0
    let stdout = ''
    let stderr = ''
    const sample = async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '')
      const match = /VmHWM:\s+(\d+) kB/.exec(status)
      if (match) peakKb = Math.max(peakKb, Number(match[1]))
    }
    const timer = setInterval(() => void sample(), 20)
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(timer)
      resolve({ wallMs: performance.now() - started, peakRssMb: peakKb / 1024, code: code ?? 1, stdout, stderr })
    })
  })
}

/** Pseudo-JavaScript: varied enough that deflate behaves as on real bundles (~3-4x). */
function javascriptPool(bytes: number): Buffer {
  const words = ['const', 'let', 'function', 'return', 'import', 'export', 'await', 'async', 'this', 'props', 'state', 'render', 'useEffect', 'map', 'filter', 'value', 'children', 'className', 'onClick', 'undefined', 'null', 'true', 'false', 'if', 'else', 'for', 'new', 'Promise', 'then', 'catch']
  let seed = 0x9e3779b9
  const next = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return seed >>> 0
  }
  const parts: string[] = []
  let size = 0
  while (size < bytes) {
    const line = `${words[next() % words.length]} ${words[next() % words.length]}_${(next() % 4096).toString(36)} = ${words[next() % words.length]}(${next() % 100000}, "${(next() % 1e9).toString(36)}");\n`
    parts.push(line)
    size += line.length
  }
  return Buffer.from(parts.join(''))
}

async function makeTree(dir: string, totalBytes: number): Promise<void> {
  const marker = join(dir, '.complete')
  if (existsSync(marker)) return
  await rm(dir, { recursive: true, force: true })
  const pool = javascriptPool(4 * 1024 * 1024)
  const assetFiles = Math.round(FILES * 0.3)
  const textFiles = FILES - assetFiles
  const textBytes = Math.round((totalBytes * (1 - ASSET_SHARE)) / textFiles)
  const assetBytes = Math.round((totalBytes * ASSET_SHARE) / assetFiles)
  await mkdir(join(dir, 'assets'), { recursive: true })
  await writeFile(join(dir, 'index.html'), '<!doctype html><script src="assets/main-0.js"></script>')
  for (let i = 0; i < textFiles; i++) {
    const sub = join(dir, 'assets', `chunk-${i % 40}`)
    await mkdir(sub, { recursive: true })
    const offset = (i * 7919) % (pool.length - textBytes)
    const head = i === 0 ? 'CapacitorUpdater.notifyAppReady();\n' : `// chunk ${i}\n`
    await writeFile(join(i === 0 ? join(dir, 'assets') : sub, i === 0 ? 'main-0.js' : `module-${i}.js`), Buffer.concat([Buffer.from(head), pool.subarray(offset, offset + textBytes)]))
  }
  const asset = Buffer.alloc(assetBytes)
  for (let i = 0; i < assetFiles; i++) {
    randomFillSync(asset)
    await writeFile(join(dir, 'assets', `asset-${i}.${ASSET_EXTENSIONS[i % ASSET_EXTENSIONS.length]}`), asset)
  }
  await writeFile(marker, '')
}

async function makeProject(dir: string, privatePem: string, publicPem: string): Promise<void> {
  await mkdir(join(dir, 'node_modules/@capgo/capacitor-updater'), { recursive: true })
  await writeFile(join(dir, 'node_modules/@capgo/capacitor-updater/package.json'), JSON.stringify({ name: '@capgo/capacitor-updater', version: '8.1.0' }))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'bench', version: '1.0.0', dependencies: { '@capgo/capacitor-updater': '^8.1.0' } }))
  await writeFile(join(dir, 'capacitor.config.json'), JSON.stringify({ appId: 'com.example.bench', webDir: 'www', plugins: { CapacitorUpdater: { publicKey: publicPem } } }))
  await writeFile(join(dir, '.capgo_key_v2'), privatePem, { mode: 0o600 })
}

function lastJson(stdout: string): Record<string, string> {
  return JSON.parse(stdout.slice(stdout.lastIndexOf('{\n')))
}

async function runOurs(project: string, tree: string, privatePem: string, verify: boolean): Promise<Measured & { zipBytes: number }> {
  const out = join(project, `ours-${verify}`)
  const result = await measure([actionEntry], {
    cwd: project,
    env: {
      GITHUB_WORKSPACE: project,
      RUNNER_TEMP: project,
      'INPUT_PRIVATE-KEY': privatePem,
      INPUT_PATH: tree,
      INPUT_STORAGE: 'local',
      'INPUT_OUTPUT-DIR': out,
      INPUT_VERIFY: String(verify),
      INPUT_VERSION: '1.0.0',
    },
  })
  if (result.code !== 0) throw new Error(`our action failed: ${result.stdout.split('\n').find((l) => l.startsWith('::error::'))}`)
  const zipBytes = Number(/zip (\d+) bytes/.exec(result.stdout)?.[1])
  await rm(out, { recursive: true, force: true })
  return { ...result, zipBytes }
}

async function runOfficial(project: string, tree: string): Promise<{ wallMs: number; peakRssMb: number; zipBytes: number }> {
  const env = { CAPGO_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' }
  const zip = await measure([officialCli, 'bundle', 'zip', 'com.example.bench', '--path', tree, '--bundle', '1.0.0', '--json'], { cwd: project, env })
  if (zip.code !== 0) throw new Error(`official bundle zip failed: ${zip.stdout}${zip.stderr}`)
  const zipped = lastJson(zip.stdout)
  const zipBytes = (await stat(join(project, zipped.filename))).size
  const encrypt = await measure([officialCli, 'bundle', 'encrypt', zipped.filename, zipped.checksum, '--key', '.capgo_key_v2', '--json'], { cwd: project, env })
  if (encrypt.code !== 0) throw new Error(`official bundle encrypt failed: ${encrypt.stdout}${encrypt.stderr}`)
  await rm(join(project, zipped.filename), { force: true })
  await rm(join(project, lastJson(encrypt.stdout).filename), { force: true })
  return { wallMs: zip.wallMs + encrypt.wallMs, peakRssMb: Math.max(zip.peakRssMb, encrypt.peakRssMb), zipBytes }
}

const format = (n: number, digits = 1) => n.toFixed(digits)

async function main(): Promise<void> {
  if (!existsSync(actionEntry)) throw new Error('dist/index.js is missing: run npm run build first')
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const publicPem = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const officialMax = Number(values['official-max-mb'])
  const rows: string[][] = [['build', 'tool', 'wall s', 'peak RSS MB', 'zip MB', 'vs official']]
  const results: unknown[] = []

  for (const sizeMb of values['size-mb'].map(Number)) {
    const project = join(benchDir, `project-${sizeMb}`)
    const tree = join(benchDir, `tree-${sizeMb}`)
    process.stderr.write(`generating ${sizeMb} MB tree (${FILES} files)…\n`)
    await makeTree(tree, sizeMb * 1024 * 1024)
    await makeProject(project, privatePem, publicPem)

    // Warm the page cache so neither side pays for the first read.
    await runOurs(project, tree, privatePem, false)
    const ours = await runOurs(project, tree, privatePem, false)
    const oursVerified = await runOurs(project, tree, privatePem, true)
    const official = sizeMb <= officialMax ? await runOfficial(project, tree) : undefined
    const label = `${sizeMb} MB`
    const speed = (ms: number) => (official ? `${format(official.wallMs / ms)}x faster` : '')
    rows.push([label, 'ours: pack + encrypt', format(ours.wallMs / 1000, 2), format(ours.peakRssMb), format(ours.zipBytes / 2 ** 20, 2), speed(ours.wallMs)])
    rows.push([label, 'ours: + device verify', format(oursVerified.wallMs / 1000, 2), format(oursVerified.peakRssMb), format(oursVerified.zipBytes / 2 ** 20, 2), speed(oursVerified.wallMs)])
    if (official) {
      rows.push([label, 'official: bundle zip + encrypt', format(official.wallMs / 1000, 2), format(official.peakRssMb), format(official.zipBytes / 2 ** 20, 2), `zip size ${format(((ours.zipBytes - official.zipBytes) / official.zipBytes) * 100, 2)}%`])
    }
    results.push({ sizeMb, ours, oursVerified, official })
    if (!values.keep) await rm(project, { recursive: true, force: true })
  }

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
  console.log(line(rows[0]))
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  for (const row of rows.slice(1)) console.log(line(row))
  console.log(`\nnode ${process.version}, ${(await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s+:\s+(.*)/)?.[1] ?? 'unknown CPU'}, ${(await import('node:os')).cpus().length} cores`)
}

await main()
