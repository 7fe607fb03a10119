// npm start: the action's main job on the example app kept in the repo.
//   1. a throwaway RSA-2048 key, its public half written into a copy of the example's config
//   2. node dist/index.js, exactly as a runner starts it (INPUT_* variables, GITHUB_OUTPUT)
//   3. the bundle checked as a device would check it, by the CLI's verify
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareExample, throwawayKeyPair } from './lib/example.mjs'
import { renderRunnerLog, runAction } from './lib/run-action.mjs'

const root = fileURLToPath(new URL('../', import.meta.url))
const outputDir = join(root, '.capgo-bundle')
const workspace = await mkdtemp(join(tmpdir(), 'capgo-example-'))

try {
  const { privatePem, publicPem } = throwawayKeyPair()
  await prepareExample(workspace, publicPem)
  console.log(`example app: ${workspace} (throwaway key, storage local)\n`)

  const run = await runAction(
    { 'private-key': privatePem, storage: 'local', 'output-dir': outputDir },
    { workspace, runnerTemp: workspace, summary: true },
  )
  // As the Actions UI shows the step (RUNNER_DEBUG=1 npm start adds the debug lines).
  const shown = renderRunnerLog(run.stdout, { debug: process.env.RUNNER_DEBUG === '1' })
  console.log(shown.map((line) => `  action │ ${line}`).join('\n'))
  if (run.code !== 0) {
    console.error(`\nthe action failed (exit ${run.code})`)
    process.exit(1)
  }

  // The job summary is HTML on the run's page; its rows as text here.
  const entities = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' }
  const text = (html) => html.replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (entity) => entities[entity])
  const rows = [...run.summary.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map(([, what, value]) => [what, text(value)])
  if (rows.length) {
    console.log('\njob summary:')
    for (const [what, value] of rows) console.log(`  ${what.padEnd(16)} ${value}`)
  }

  const { outputs } = run
  console.log('\noutputs:')
  for (const name of ['app-id', 'version', 'key-id', 'checksum-format', 'checksum-sha256', 'zip-size', 'bundle-size', 'bundle-path']) {
    console.log(`  ${name.padEnd(16)} ${outputs[name]}`)
  }
  console.log(`  ${'iv-session-key'.padEnd(16)} ${outputs['iv-session-key'].slice(0, 40)}… (${outputs['iv-session-key'].length} chars)`)
  console.log(`  ${'checksum'.padEnd(16)} ${outputs.checksum.slice(0, 40)}… (${outputs.checksum.length} chars)`)

  console.log('\ndevice-equivalent check (capgo-bundle verify):')
  const verify = spawnSync(
    process.execPath,
    [
      join(root, 'bin/capgo-bundle.js'),
      'verify',
      outputs['bundle-path'],
      outputs['iv-session-key'],
      '--key',
      join(workspace, '.capgo_key_v2.pub'),
      '--checksum',
      outputs.checksum,
    ],
    { encoding: 'utf8' },
  )
  console.log(`${verify.stdout}${verify.stderr}`.trimEnd().replace(/^/gm, '  verify │ '))
  if (verify.status !== 0) {
    console.error('\na device would reject this bundle')
    process.exit(1)
  }
  console.log(`\nOK: ${outputs['bundle-path']} decrypts and passes its checksum as a device would.`)
} finally {
  await rm(workspace, { recursive: true, force: true })
}
