// npx tsx scripts/bench-e2e.ts [--node 24|PATH] [--case 100:3000] [--runs 3] [--rate-mb 50]
//
// End to end (issue 14): build directory → published object, on loopback S3
// (s3rver) behind a TLS proxy limited to --rate-mb MB/s each way (a runner's
// link), with the bundle registered in the loopback Capgo server. Interleaved
// pair by pair in one run:
//   ours:     NODE dist/index.js, storage s3, verify on, registered with Capgo
//             (parts go up while packing; Complete after verify)
//   official: NODE @capgo/cli bundle upload --s3-* (zip, encrypt, then one PUT
//             of the whole bundle, then its version row)
// Both reach S3 over https through the same proxy: the official CLI's S3
// client ignores --no-s3-ssl, so plain http is not an option for it.
//
// The official 8.68.1 S3 path fails on every input: commander hands
// --s3-port to s3-lite-client as a string, which it refuses ("Invalid port:
// 36655"), and the port is mandatory. The bench runs a copy of its dist (in
// .bench/, node_modules untouched) with that one expression changed to
// Number(port); nothing else differs.
//
// Prints per process wall, CPU and peak RSS (/usr/bin/time), for ours the
// pack stage's wall/CPU and how much was sent while packing, and the wall
// ratio pair by pair. The tree is bench.ts's (.bench/tree-SIZE-FILES; made
// here with --generate-only when missing).
import { execFileSync, spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { CapgoTestServer } from '../__tests__/support/capgo-server.js'
import { startThrottleProxy } from './lib/throttle-proxy.js'

const root = new URL('../', import.meta.url).pathname
const benchDir = join(root, '.bench')
const officialPackage = join(root, 'node_modules/@capgo/cli')
const actionEntry = join(root, 'dist/index.js')
const TIME = '/usr/bin/time'
const APP_ID = 'com.example.bench'
const ACCESS_KEY = 'AKIABENCHE2E'
const SECRET_KEY = 'bench-e2e-secret/0123456789'
const BUCKET = 'bench'

const { values } = parseArgs({
  options: {
    node: { type: 'string', default: process.execPath },
    case: { type: 'string', default: '100:3000' },
    runs: { type: 'string', default: '3' },
    'rate-mb': { type: 'string', default: '50' },
    // Also run ours with an S3 key made from the checksum, which can only be known after packing: the sequential upload, for comparison.
    sequential: { type: 'boolean', default: false },
  },
})

const nodeBinary = /^\d+$/.test(values.node)
  ? execFileSync(process.execPath, [join(root, 'scripts/fetch-node.mjs'), values.node], { encoding: 'utf8' }).trim()
  : values.node

interface Measured {
  wallMs: number
  cpuMs: number
  peakRssMb: number
  code: number
  stdout: string
  stderr: string
}

function measure(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Measured> {
  const report = join(tmpdir(), `capgo-e2e-${process.pid}-${Math.random().toString(36).slice(2)}.time`)
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-o', report, '-f', '%e %U %S %M', nodeBinary, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', async (code) => {
      const [elapsed, user, sys, maxKb] = (await readFile(report, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number)
      await rm(report, { force: true })
      resolve({ wallMs: elapsed * 1000, cpuMs: (user + sys) * 1000, peakRssMb: maxKb / 1024, code: code ?? 1, stdout, stderr })
    })
  })
}

interface S3rverInstance {
  run(): Promise<{ port: number }>
  close(): Promise<void>
}

async function startS3(directory: string): Promise<S3rverInstance & { port: number }> {
  const require = createRequire(import.meta.url)
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance
  const accounts = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }
  accounts.DUMMY_ACCOUNT.createKeyPair(ACCESS_KEY, SECRET_KEY)
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] })
  const { port } = await server.run()
  return Object.assign(server, { port })
}

function selfSignedCertificate(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    {
      stdio: 'ignore',
    },
  )
  return {
    key: execFileSync('cat', [keyFile], { encoding: 'utf8' }),
    cert: execFileSync('cat', [certFile], { encoding: 'utf8' }),
    certFile,
  }
}

/** The official CLI with its S3 port bug fixed (see the header); refuses to run if the expression moved. */
async function patchedOfficialCli(): Promise<string> {
  // Per process, as bench.ts's projects: a second bench would otherwise replace the copy under the first one.
  const copy = join(benchDir, `official-cli-s3-port-${process.pid}`)
  await rm(copy, { recursive: true, force: true })
  await mkdir(copy, { recursive: true })
  await cp(join(officialPackage, 'package.json'), join(copy, 'package.json'))
  await cp(join(officialPackage, 'dist'), join(copy, 'dist'), { recursive: true })
  const entry = join(copy, 'dist/index.js')
  const source = await readFile(entry, 'utf8')
  const bug = 'port:W,pathStyle:!0'
  if (source.split(bug).length !== 2)
    throw new Error(`the official CLI changed: "${bug}" is not found exactly once in its dist; revisit the S3 port fix`)
  await writeFile(entry, source.replace(bug, 'port:Number(W),pathStyle:!0'))
  return entry
}

async function makeProject(dir: string, capgo: CapgoTestServer, privatePem: string, publicPem: string): Promise<void> {
  await mkdir(join(dir, 'node_modules/@capgo/capacitor-updater'), { recursive: true })
  await writeFile(
    join(dir, 'node_modules/@capgo/capacitor-updater/package.json'),
    JSON.stringify({ name: '@capgo/capacitor-updater', version: '8.1.0' }),
  )
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bench', version: '1.0.0', dependencies: { '@capgo/capacitor-updater': '^8.1.0' } }),
  )
  // The official CLI's local* keys point it at the loopback Capgo (as __tests__/support/official-upload.ts does).
  const updater = {
    publicKey: publicPem,
    localApi: capgo.apiUrl,
    localApiFiles: capgo.filesUrl,
    localSupa: capgo.supaHost,
    localSupaAnon: capgo.supaKey,
    localHost: capgo.url,
    localWebHost: capgo.url,
  }
  await writeFile(
    join(dir, 'capacitor.config.json'),
    JSON.stringify({ appId: APP_ID, webDir: 'www', plugins: { CapacitorUpdater: updater } }),
  )
  await writeFile(join(dir, '.capgo_key_v2'), privatePem, { mode: 0o600 })
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const range = (list: number[], digits: number, scale = 1) => {
  const known = list.map((n) => n / scale)
  const text = median(known).toFixed(digits)
  return known.length > 1 ? `${text} (${Math.min(...known).toFixed(digits)}–${Math.max(...known).toFixed(digits)})` : text
}

async function main(): Promise<void> {
  if (!existsSync(actionEntry)) throw new Error('dist/index.js is missing: run npm run build first')
  const [sizeMb, fileCount] = values.case.split(':').map(Number)
  const tree = join(benchDir, `tree-${sizeMb}-${fileCount}`)
  if (!existsSync(`${tree}.complete`))
    execFileSync('npx', ['tsx', join(root, 'scripts/bench.ts'), '--case', values.case, '--generate-only'], { stdio: 'inherit', cwd: root })
  const nodeVersion = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim()
  const rate = Number(values['rate-mb']) * 1e6
  const work = await mkdtemp(join(tmpdir(), 'capgo-e2e-'))
  // The stand-in for a remote S3 keeps its objects in memory where it can (/dev/shm): on this machine's disk, its
  // writes (parts, then the object Complete assembles) competed with the runs' own for the page cache and writeback.
  const s3Dir = existsSync('/dev/shm') ? await mkdtemp('/dev/shm/capgo-e2e-s3-') : join(work, 's3')
  const s3 = await startS3(s3Dir)
  const tls = selfSignedCertificate(work)
  const proxy = await startThrottleProxy({ host: '127.0.0.1', port: s3.port }, { bytesPerSecond: rate, tls })
  const capgo = await CapgoTestServer.start({ appId: APP_ID })
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const publicPem = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string
  const project = join(work, 'project')
  await makeProject(project, capgo, privatePem, publicPem)
  const tlsEnv = { NODE_EXTRA_CA_CERTS: tls.certFile }
  const officialCli = await patchedOfficialCli()

  const runOurs = async (version: string, keyTemplate = '{appId}-{version}') => {
    const out = join(project, 'ours')
    const result = await measure([actionEntry], project, {
      ...tlsEnv,
      GITHUB_WORKSPACE: project,
      RUNNER_TEMP: project,
      RUNNER_DEBUG: '1',
      'INPUT_PRIVATE-KEY': privatePem,
      INPUT_PATH: tree,
      INPUT_VERSION: version,
      INPUT_VERIFY: 'true',
      'INPUT_OUTPUT-DIR': out,
      INPUT_STORAGE: 's3',
      'INPUT_S3-BUCKET': BUCKET,
      'INPUT_S3-ENDPOINT': `https://127.0.0.1:${proxy.port}`,
      'INPUT_S3-REGION': 'us-east-1',
      'INPUT_S3-ACCESS-KEY-ID': ACCESS_KEY,
      'INPUT_S3-SECRET-ACCESS-KEY': SECRET_KEY,
      'INPUT_S3-KEY': keyTemplate,
      'INPUT_CAPGO-TOKEN': capgo.token,
      'INPUT_CAPGO-API-URL': capgo.apiUrl,
      'INPUT_CAPGO-FILES-URL': capgo.filesUrl,
    })
    if (result.code !== 0)
      throw new Error(
        `our action failed: ${result.stdout
          .split('\n')
          .filter((l) => l.startsWith('::error::') || l.includes('Error'))
          .join('\n')}`,
      )
    if (!capgo.rows.has(version)) throw new Error(`our run registered no version ${version}`)
    const pack = /pack stage: (\d+) ms wall, (\d+) ms CPU/.exec(result.stdout)
    const sent = /Sent (\d+) parts \((\d+) bytes\) to \S+, (\d+) bytes of them while packing/.exec(result.stdout)
    await rm(out, { recursive: true, force: true })
    return {
      ...result,
      packMs: Number(pack?.[1]),
      packCpuMs: Number(pack?.[2]),
      bundleBytes: Number(sent?.[2] ?? NaN),
      whilePacking: Number(sent?.[3] ?? 0),
    }
  }

  const runOfficial = async (version: string) => {
    const result = await measure(
      [
        officialCli,
        'bundle',
        'upload',
        APP_ID,
        '--path',
        tree,
        '--bundle',
        version,
        '--apikey',
        capgo.token,
        '--s3-region',
        'us-east-1',
        '--s3-apikey',
        ACCESS_KEY,
        '--s3-apisecret',
        SECRET_KEY,
        '--s3-endpoint',
        '127.0.0.1',
        '--s3-port',
        String(proxy.port),
        '--s3-bucket-name',
        BUCKET,
        // It links its default channel (production) and refuses the same content there again; the tree is the same each run.
        '--ignore-checksum-check',
      ],
      project,
      { ...tlsEnv, CAPGO_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' },
    )
    if (result.code !== 0) throw new Error(`official bundle upload failed: ${result.stdout}${result.stderr}`)
    if (!capgo.rows.has(version)) throw new Error(`the official run registered no version ${version}`)
    return result
  }

  const ours: Awaited<ReturnType<typeof runOurs>>[] = []
  const sequential: Measured[] = []
  const official: Measured[] = []
  const ratios: number[] = []
  const loads: number[] = []
  try {
    // One warm-up each: page cache, and the Node compile cache for both tools.
    await runOurs('0.0.1')
    await runOfficial('0.0.2')
    for (let run = 0; run < Number(values.runs); run++) {
      process.stderr.write(`  run ${run + 1}/${values.runs} (load ${loadavg()[0].toFixed(1)})…\n`)
      loads.push(loadavg()[0])
      const mine = await runOurs(`1.0.${run}`)
      const theirs = await runOfficial(`1.1.${run}`)
      if (values.sequential) sequential.push(await runOurs(`1.2.${run}`, '{appId}-{version}-{sha256}'))
      ours.push(mine)
      official.push(theirs)
      ratios.push(mine.wallMs / theirs.wallMs)
    }
  } finally {
    await capgo.close()
    await proxy.close()
    await s3.close()
    await rm(work, { recursive: true, force: true })
    await rm(s3Dir, { recursive: true, force: true })
    await rm(dirname(dirname(officialCli)), { recursive: true, force: true })
  }
  const cpu = (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s+:\s+(.*)/)?.[1] ?? 'unknown CPU'
  console.log(`${sizeMb} MB / ${fileCount} files → s3rver behind a ${values['rate-mb']} MB/s TLS proxy, registered in loopback Capgo`)
  console.log(
    `node ${nodeVersion}, ${cpu}, ${cpus().length} cores, load average ${range(loads, 1)} at the start of each pair; medians (min–max) of ${values.runs} pairs`,
  )
  console.log(
    `ours:     wall ${range(
      ours.map((r) => r.wallMs),
      2,
      1000,
    )} s, CPU ${range(
      ours.map((r) => r.cpuMs),
      2,
      1000,
    )} s, peak RSS ${range(
      ours.map((r) => r.peakRssMb),
      0,
    )} MB`,
  )
  console.log(
    `          pack stage ${range(
      ours.map((r) => r.packMs),
      2,
      1000,
    )} s wall, CPU/wall ${range(
      ours.map((r) => r.packCpuMs / r.packMs),
      2,
    )}; sent while packing ${range(
      ours.map((r) => (100 * r.whilePacking) / r.bundleBytes),
      0,
    )}% of ${(ours[0].bundleBytes / 2 ** 20).toFixed(1)} MiB`,
  )
  console.log(
    `official: wall ${range(
      official.map((r) => r.wallMs),
      2,
      1000,
    )} s, CPU ${range(
      official.map((r) => r.cpuMs),
      2,
      1000,
    )} s, peak RSS ${range(
      official.map((r) => r.peakRssMb),
      0,
    )} MB`,
  )
  if (sequential.length)
    console.log(
      `ours, upload after verify (key from {sha256}): wall ${range(
        sequential.map((r) => r.wallMs),
        2,
        1000,
      )} s, CPU ${range(
        sequential.map((r) => r.cpuMs),
        2,
        1000,
      )} s, peak RSS ${range(
        sequential.map((r) => r.peakRssMb),
        0,
      )} MB`,
    )
  console.log(`ours / official wall: ${range(ratios, 3)}, pair by pair`)
}

await main()
