// npm run bench [-- --node 24|PATH] [--case 100:3000 --case 1024:30000 …] [--runs 3] [--warmup 1] [--official-runs 1] [--generate-only]
//                 [--delta-case 100:3000 [--delta-tools capgo,s3,official]]
//
// Builds synthetic web builds (~60% JS text, ~40% already-compressed assets),
// then measures in one run, interleaved pair by pair (ours, official, ours, …):
//   ours:     NODE dist/index.js (the shipped action: pack + encrypt + device verify, storage local)
//   official: NODE @capgo/cli bundle zip + bundle encrypt on the same tree (two processes, summed)
// Each case is SIZE_MB:FILES. Defaults: the README's tree (100 MB and 1 GB of
// 3,000 files) and the 10x tree (1 GB of 30,000 files), the shape where memory
// used to grow with the file count.
//
// --delta-case SIZE_MB:FILES (repeatable) adds the delta case of issue 11,
// delta true, three rows side by side: ours with storage capgo (the default)
// and ours with storage s3, to the loopback Capgo server and a loopback
// s3rver, beside the official `bundle upload --delta` to the same loopback
// Capgo server (scripts/bench-delta.ts). --delta-tools capgo,s3,official
// picks rows (all three by default). Given alone, only the delta cases run.
//
// --node picks the runtime for both tools: a path, or a major version fetched
// from the npm registry by scripts/fetch-node.mjs (the action runs on node24).
//
// Per process: wall, CPU (user + sys) and peak RSS from /usr/bin/time when
// present (else wall only and peak RSS sampled from /proc); for ours also the
// time to its first log line and the pack stage's CPU / wall from its debug
// log. The machine is likely shared: quote the medians and the pair-by-pair
// ratio, not one run.
import { execFileSync, spawn } from 'node:child_process'
import { generateKeyPairSync, randomFillSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runOfficialDelta, runOursDelta, type DeltaRun, type OursTarget } from './bench-delta.js'

const root = new URL('../', import.meta.url).pathname
const benchDir = join(root, '.bench')
const officialCli = join(root, 'node_modules/@capgo/cli/dist/index.js')
const actionEntry = join(root, 'dist/index.js')
const ASSET_SHARE = 0.4
const ASSET_EXTENSIONS = ['png', 'jpg', 'webp', 'woff2', 'avif', 'mp4']
const TIME = '/usr/bin/time'

const { values } = parseArgs({
  options: {
    node: { type: 'string', default: process.execPath },
    case: { type: 'string', multiple: true },
    'delta-case': { type: 'string', multiple: true, default: [] },
    'delta-tools': { type: 'string', default: 'capgo,s3,official' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    'official-runs': { type: 'string', default: '1' },
    'official-max-mb': { type: 'string', default: '1024' },
    keep: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
})

function resolveNode(value: string): string {
  if (/^\d+$/.test(value)) return execFileSync(process.execPath, [join(root, 'scripts/fetch-node.mjs'), value], { encoding: 'utf8' }).trim()
  return value
}
const nodeBinary = resolveNode(values.node)

interface Measured {
  wallMs: number
  cpuMs?: number
  peakRssMb: number
  firstLineMs?: number
  /** When our "Bundling …" line came: start-up plus the plan (walk, notifyAppReady scan, key checks). */
  plannedMs?: number
  code: number
  stdout: string
  stderr: string
}

/** Runs `node ARGS` (under /usr/bin/time when present), noting the first stdout line and the process's own accounting. */
function measure(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const timed = existsSync(TIME)
  const report = join(tmpdir(), `capgo-bench-${process.pid}-${Math.random().toString(36).slice(2)}.time`)
  const [command, argv] = timed ? [TIME, ['-o', report, '-f', '%e %U %S %M', nodeBinary, ...args]] : [nodeBinary, args]
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, argv, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let peakKb = 0
    let firstLineMs: number | undefined
    let plannedMs: number | undefined
    let stdout = ''
    let stderr = ''
    const sample = async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '')
      const match = /VmHWM:\s+(\d+) kB/.exec(status)
      if (match) peakKb = Math.max(peakKb, Number(match[1]))
    }
    const timer = timed ? undefined : setInterval(() => void sample(), 20)
    child.stdout.on('data', (chunk) => {
      if (firstLineMs === undefined && String(chunk).includes('\n')) firstLineMs = performance.now() - started
      stdout += chunk
      if (plannedMs === undefined && stdout.includes('\nBundling ')) plannedMs = performance.now() - started
    })
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', async (code) => {
      clearInterval(timer)
      const wallMs = performance.now() - started
      if (!timed) return resolve({ wallMs, peakRssMb: peakKb / 1024, firstLineMs, plannedMs, code: code ?? 1, stdout, stderr })
      const [elapsed, user, sys, maxKb] = (await readFile(report, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number)
      await rm(report, { force: true })
      resolve({
        wallMs: elapsed * 1000,
        cpuMs: (user + sys) * 1000,
        peakRssMb: maxKb / 1024,
        firstLineMs,
        plannedMs,
        code: code ?? 1,
        stdout,
        stderr,
      })
    })
  })
}

/** Pseudo-JavaScript: varied enough that deflate behaves as on real bundles (~3-4x). */
function javascriptPool(bytes: number): Buffer {
  const words = [
    'const',
    'let',
    'function',
    'return',
    'import',
    'export',
    'await',
    'async',
    'this',
    'props',
    'state',
    'render',
    'useEffect',
    'map',
    'filter',
    'value',
    'children',
    'className',
    'onClick',
    'undefined',
    'null',
    'true',
    'false',
    'if',
    'else',
    'for',
    'new',
    'Promise',
    'then',
    'catch',
  ]
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

/** `files` files of `totalBytes` in all: 70% scripts in 40 folders, 30% compressed assets; the same scripts and sizes for the same arguments (the assets are random bytes). */
async function makeTree(dir: string, totalBytes: number, files: number): Promise<number> {
  const marker = `${dir}.complete`
  if (existsSync(marker)) return Number(await readFile(marker, 'utf8'))
  await rm(dir, { recursive: true, force: true })
  const pool = javascriptPool(4 * 1024 * 1024)
  const assetFiles = Math.round(files * 0.3)
  const textFiles = files - assetFiles
  const textBytes = Math.round((totalBytes * (1 - ASSET_SHARE)) / textFiles)
  const assetBytes = Math.round((totalBytes * ASSET_SHARE) / assetFiles)
  await mkdir(join(dir, 'assets'), { recursive: true })
  await writeFile(join(dir, 'index.html'), '<!doctype html><script src="assets/main-0.js"></script>')
  for (let i = 0; i < textFiles; i++) {
    const sub = join(dir, 'assets', `chunk-${i % 40}`)
    await mkdir(sub, { recursive: true })
    const offset = (i * 7919) % (pool.length - textBytes)
    const head = i === 0 ? 'CapacitorUpdater.notifyAppReady();\n' : `// chunk ${i}\n`
    await writeFile(
      join(i === 0 ? join(dir, 'assets') : sub, i === 0 ? 'main-0.js' : `module-${i}.js`),
      Buffer.concat([Buffer.from(head), pool.subarray(offset, offset + textBytes)]),
    )
  }
  const asset = Buffer.alloc(assetBytes)
  for (let i = 0; i < assetFiles; i++) {
    randomFillSync(asset)
    await writeFile(join(dir, 'assets', `asset-${i}.${ASSET_EXTENSIONS[i % ASSET_EXTENSIONS.length]}`), asset)
  }
  await writeFile(marker, String(files + 1))
  return files + 1
}

async function makeProject(dir: string, privatePem: string, publicPem: string): Promise<void> {
  await mkdir(join(dir, 'node_modules/@capgo/capacitor-updater'), { recursive: true })
  await writeFile(
    join(dir, 'node_modules/@capgo/capacitor-updater/package.json'),
    JSON.stringify({ name: '@capgo/capacitor-updater', version: '8.1.0' }),
  )
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bench', version: '1.0.0', dependencies: { '@capgo/capacitor-updater': '^8.1.0' } }),
  )
  await writeFile(
    join(dir, 'capacitor.config.json'),
    JSON.stringify({ appId: 'com.example.bench', webDir: 'www', plugins: { CapacitorUpdater: { publicKey: publicPem } } }),
  )
  await writeFile(join(dir, '.capgo_key_v2'), privatePem, { mode: 0o600 })
}

function lastJson(stdout: string): Record<string, string> {
  return JSON.parse(stdout.slice(stdout.lastIndexOf('{\n')))
}

interface Ours extends Measured {
  bundleBytes: number
  packMs?: number
  packCpuMs?: number
}

async function runOurs(project: string, tree: string, privatePem: string): Promise<Ours> {
  const out = join(project, 'ours')
  const result = await measure([actionEntry], {
    cwd: project,
    env: {
      GITHUB_WORKSPACE: project,
      RUNNER_TEMP: project,
      RUNNER_DEBUG: '1',
      'INPUT_PRIVATE-KEY': privatePem,
      INPUT_PATH: tree,
      INPUT_STORAGE: 'local',
      'INPUT_OUTPUT-DIR': out,
      INPUT_VERIFY: 'true',
      INPUT_VERSION: '1.0.0',
    },
  })
  if (result.code !== 0) throw new Error(`our action failed: ${result.stdout.split('\n').find((l) => l.startsWith('::error::'))}`)
  const bundleBytes = Number(/encrypted (\d+) bytes/.exec(result.stdout)?.[1])
  const pack = /pack stage: (\d+) ms wall, (\d+) ms CPU/.exec(result.stdout)
  await rm(out, { recursive: true, force: true })
  return { ...result, bundleBytes, packMs: pack ? Number(pack[1]) : undefined, packCpuMs: pack ? Number(pack[2]) : undefined }
}

interface Official {
  wallMs: number
  cpuMs?: number
  peakRssMb: number
  bundleBytes: number
}

async function runOfficial(project: string, tree: string): Promise<Official> {
  const env = { CAPGO_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' }
  const zip = await measure([officialCli, 'bundle', 'zip', 'com.example.bench', '--path', tree, '--bundle', '1.0.0', '--json'], {
    cwd: project,
    env,
  })
  if (zip.code !== 0) throw new Error(`official bundle zip failed: ${zip.stdout}${zip.stderr}`)
  const zipped = lastJson(zip.stdout)
  const encrypt = await measure([officialCli, 'bundle', 'encrypt', zipped.filename, zipped.checksum, '--key', '.capgo_key_v2', '--json'], {
    cwd: project,
    env,
  })
  if (encrypt.code !== 0) throw new Error(`official bundle encrypt failed: ${encrypt.stdout}${encrypt.stderr}`)
  const encrypted = join(project, lastJson(encrypt.stdout).filename)
  const bundleBytes = (await stat(encrypted)).size
  await rm(join(project, zipped.filename), { force: true })
  await rm(encrypted, { force: true })
  const cpuMs = zip.cpuMs !== undefined && encrypt.cpuMs !== undefined ? zip.cpuMs + encrypt.cpuMs : undefined
  return { wallMs: zip.wallMs + encrypt.wallMs, cpuMs, peakRssMb: Math.max(zip.peakRssMb, encrypt.peakRssMb), bundleBytes }
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const range = (list: (number | undefined)[], digits: number, scale = 1) => {
  const known = list.filter((n): n is number => n !== undefined && Number.isFinite(n)).map((n) => n / scale)
  if (!known.length) return '–'
  const text = median(known).toFixed(digits)
  return known.length > 1 ? `${text} (${Math.min(...known).toFixed(digits)}–${Math.max(...known).toFixed(digits)})` : text
}

async function main(): Promise<void> {
  if (!existsSync(actionEntry)) throw new Error('dist/index.js is missing: run npm run build first')
  const nodeVersion = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim()
  const runs = Number(values.runs)
  const officialRuns = Number(values['official-runs'])
  const officialMax = Number(values['official-max-mb'])
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const publicPem = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const rows: string[][] = [
    ['build', 'tool', 'wall s', 'CPU s', 'peak RSS MB', 'bundle MiB', 'first line / plan done ms', 'pack CPU/wall', 'ours/official wall'],
  ]

  const packCases = values.case ?? (values['delta-case'].length ? [] : ['100:3000', '1024:3000', '1024:30000'])
  for (const spec of packCases) {
    const [sizeMb, fileCount] = spec.split(':').map(Number)
    if (!sizeMb || !fileCount) throw new Error(`--case wants SIZE_MB:FILES, got ${spec}`)
    // One project per bench process: each run writes a fresh key into it, so two benches sharing one failed
    // with "private-key does not match" (the trees are shared: they are written once and only read).
    const project = join(benchDir, `project-${sizeMb}-${fileCount}-${process.pid}`)
    const tree = join(benchDir, `tree-${sizeMb}-${fileCount}`)
    process.stderr.write(`${sizeMb} MB / ${fileCount} files: generating the tree (kept in .bench/ for the next run)…\n`)
    const files = await makeTree(tree, sizeMb * 1024 * 1024, fileCount)
    if (values['generate-only']) continue
    await makeProject(project, privatePem, publicPem)

    // Warm the page cache so neither side pays for the first read.
    for (let i = 0; i < Number(values.warmup); i++) await runOurs(project, tree, privatePem)
    const ours: Ours[] = []
    const official: Official[] = []
    const ratios: number[] = []
    const withOfficial = sizeMb <= officialMax
    for (let run = 0; run < runs; run++) {
      process.stderr.write(`  run ${run + 1}/${runs}…\n`)
      const mine = await runOurs(project, tree, privatePem)
      ours.push(mine)
      if (withOfficial && run < officialRuns) {
        const theirs = await runOfficial(project, tree)
        official.push(theirs)
        ratios.push(mine.wallMs / theirs.wallMs)
      }
    }
    const label = `${sizeMb} MB, ${files.toLocaleString('en')} files`
    rows.push([
      label,
      'ours: pack + encrypt + verify',
      range(
        ours.map((r) => r.wallMs),
        2,
        1000,
      ),
      range(
        ours.map((r) => r.cpuMs),
        2,
        1000,
      ),
      range(
        ours.map((r) => r.peakRssMb),
        0,
      ),
      (ours[0].bundleBytes / 2 ** 20).toFixed(2),
      `${range(
        ours.map((r) => r.firstLineMs),
        0,
      )} / ${range(
        ours.map((r) => r.plannedMs),
        0,
      )}`,
      range(
        ours.map((r) => (r.packMs && r.packCpuMs !== undefined ? r.packCpuMs / r.packMs : undefined)),
        2,
      ),
      ratios.length ? `${range(ratios, 3)}` : '',
    ])
    if (official.length) {
      const sizeDiff = ((ours[0].bundleBytes - official[0].bundleBytes) / official[0].bundleBytes) * 100
      rows.push([
        label,
        'official: bundle zip + encrypt',
        range(
          official.map((r) => r.wallMs),
          2,
          1000,
        ),
        range(
          official.map((r) => r.cpuMs),
          2,
          1000,
        ),
        range(
          official.map((r) => r.peakRssMb),
          0,
        ),
        (official[0].bundleBytes / 2 ** 20).toFixed(2),
        '',
        '',
        `ours ${sizeDiff >= 0 ? '+' : ''}${sizeDiff.toFixed(2)}% size`,
      ])
    }
    if (!values.keep) await rm(project, { recursive: true, force: true })
  }

  const deltaRows: string[][] = [
    ['build', 'tool', 'wall s', 'CPU s', 'peak RSS MB', 'delta files', 'delta MiB uploaded', 'ours/official wall'],
  ]
  for (const spec of values['delta-case']) {
    const [sizeMb, fileCount] = spec.split(':').map(Number)
    if (!sizeMb || !fileCount) throw new Error(`--delta-case wants SIZE_MB:FILES, got ${spec}`)
    const project = join(benchDir, `project-delta-${sizeMb}-${fileCount}-${process.pid}`)
    const tree = join(benchDir, `tree-${sizeMb}-${fileCount}`)
    process.stderr.write(`delta, ${sizeMb} MB / ${fileCount} files: generating the tree (kept in .bench/ for the next run)…\n`)
    const files = await makeTree(tree, sizeMb * 1024 * 1024, fileCount)
    if (values['generate-only']) continue
    await makeProject(project, privatePem, publicPem)
    // One list per row, in the order run within each round: ours to Capgo, ours to s3, then the official CLI.
    const tools = values['delta-tools'].split(',').map((name) => name.trim())
    const unknown = tools.filter((name) => !['capgo', 's3', 'official'].includes(name))
    if (unknown.length) throw new Error(`--delta-tools takes capgo, s3 and official, got ${unknown.join(', ')}`)
    const ours = new Map<OursTarget, DeltaRun[]>((['capgo', 's3'] as const).filter((t) => tools.includes(t)).map((t) => [t, []]))
    const official: DeltaRun[] = []
    for (let run = 0; run < runs; run++) {
      for (const [target, list] of ours) {
        process.stderr.write(`  delta run ${run + 1}/${runs}, ours to ${target}…\n`)
        list.push(await runOursDelta(measure, project, tree, privatePem, `1.0.${run}`, target))
      }
      if (tools.includes('official') && run < officialRuns) {
        process.stderr.write(`  delta run ${run + 1}/${runs}, official…\n`)
        // Keep ours when the official run fails: say why in the table instead of losing both.
        await runOfficialDelta(measure, project, tree, privatePem, `1.0.${run}`).then(
          (theirs) => official.push(theirs),
          (error: unknown) =>
            process.stderr.write(`  official delta run failed: ${error instanceof Error ? error.message.slice(-400) : String(error)}\n`),
        )
      }
    }
    const label = `${sizeMb} MB, ${files.toLocaleString('en')} files`
    const ratio = (list: DeltaRun[]) => {
      const ratios = official.map((theirs, i) => list[i].wallMs / theirs.wallMs)
      return ratios.length ? range(ratios, 3) : ''
    }
    for (const [list, ratioText] of [...[...ours.values()].map((list) => [list, ratio(list)] as const), [official, ''] as const]) {
      if (!list.length) continue
      deltaRows.push([
        label,
        list[0].tool,
        range(
          list.map((r) => r.wallMs),
          2,
          1000,
        ),
        range(
          list.map((r) => r.cpuMs),
          2,
          1000,
        ),
        range(
          list.map((r) => r.peakRssMb),
          0,
        ),
        String(list[0].deltaFiles),
        (list[0].deltaBytes / 2 ** 20).toFixed(2),
        ratioText,
      ])
    }
    if (!values.keep) await rm(project, { recursive: true, force: true })
  }

  for (const table of [rows, deltaRows]) {
    if (table.length < 2) continue
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)))
    const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`
    console.log(line(table[0]))
    console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
    for (const row of table.slice(1)) console.log(line(row))
    console.log('')
  }
  const cpu = (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s+:\s+(.*)/)?.[1] ?? 'unknown CPU'
  console.log(
    `\nnode ${nodeVersion} (${nodeBinary}), ${cpu}, ${cpus().length} cores; medians (min–max) of ${runs} runs of ours, ${officialRuns} of official`,
  )
}

await main()
