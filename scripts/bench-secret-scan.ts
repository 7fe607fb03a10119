// npx tsx scripts/bench-secret-scan.ts [tree]   (default .bench/tree-100, made by npm run bench)
//
// What the private-key content scan costs, against the pack it rides on: the
// scan sees the bytes the pack reads anyway, so its cost is the check alone.
// Measured as CPU time (user + system, all threads) of the check over every
// file of the tree held in memory, 256 KiB chunks as the pack feeds it, next
// to the CPU and wall time of packing the same tree.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parsePrivateKey, generateKeyPair } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { privateKeyCheck } from '../src/bundle/secrets.js'
import { walkBuild } from '../src/bundle/walk.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'

const root = new URL('../', import.meta.url).pathname
const tree = process.argv[2] ?? join(root, '.bench/tree-100')
const CHUNK = 256 * 1024
const quiet = { info() {}, warning() {}, debug() {}, secret() {} }

const files = await walkBuild(tree)
const contents = await Promise.all(files.map((file) => readFile(file.source)))
const totalBytes = contents.reduce((sum, data) => sum + data.length, 0)

function cpuMs(work: () => void): number {
  const before = process.cpuUsage()
  work()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

const scans: number[] = []
for (let round = 0; round < 5; round++) {
  scans.push(
    cpuMs(() => {
      files.forEach((file, i) => {
        const check = privateKeyCheck(file.name)
        const data = contents[i]
        for (let at = 0; at < data.length; at += CHUNK) check(data.subarray(at, at + CHUNK))
      })
    }),
  )
}

const key = parsePrivateKey(generateKeyPair().privatePem, quiet)
const packs: { cpu: number; wall: number }[] = []
for (let round = 0; round < 3; round++) {
  const out = await mkdtemp(join(tmpdir(), 'scan-bench-'))
  const before = process.cpuUsage()
  const started = performance.now()
  await packBundle(
    { buildDir: tree, appId: 'com.example.bench', version: '1.0.0', outputDir: out, key, checksumFormat: 'v3', files },
    quiet,
  )
  const wall = performance.now() - started
  const used = process.cpuUsage(before)
  packs.push({ cpu: (used.user + used.system) / 1000, wall })
  await rm(out, { recursive: true, force: true })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const scan = median(scans)
const packCpu = median(packs.map((p) => p.cpu))
const packWall = median(packs.map((p) => p.wall))
console.log(`${files.length} files, ${(totalBytes / 2 ** 20).toFixed(1)} MiB`)
console.log(`secret scan: ${scan.toFixed(1)} ms CPU (median of ${scans.length})`)
console.log(`pack (scan included): ${packCpu.toFixed(0)} ms CPU, ${packWall.toFixed(0)} ms wall (median of ${packs.length})`)
console.log(`scan / pack: ${((scan / packCpu) * 100).toFixed(2)}% of pack CPU, ${((scan / packWall) * 100).toFixed(2)}% of pack wall`)
