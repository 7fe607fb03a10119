import * as core from '@actions/core'
import type { RunResult } from '../pipeline.js'
import type { Plan } from '../types.js'

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** The job summary: what was built and where it went. Never key material. */
export async function writeSummary(plan: Plan, result: RunResult, planMs: number): Promise<void> {
  // Local runs and `act` have no summary file; writing would throw.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const { bundle, publish, timings } = result
  const stage = (ms: number | undefined) => (ms === undefined ? 'skipped' : `${ms} ms`)
  await core.summary
    .addHeading(`Capgo bundle ${bundle.appId} ${bundle.version}`, 3)
    .addTable([
      [
        { data: 'What', header: true },
        { data: 'Value', header: true },
      ],
      ['App', bundle.appId],
      ['Version', bundle.version],
      ['Files', String(bundle.fileCount)],
      ['Size', `${formatBytes(plan.build.totalBytes)} of files → ${formatBytes(bundle.zipSize)} zipped → ${formatBytes(bundle.bundleSize)} encrypted`],
      ['Checksum format', `${bundle.checksumFormat.toUpperCase()}: ${plan.checksum.reason}`],
      ['Key id', bundle.keyId],
      ['Signer', `${result.signer}: ${plan.key.signer.description}`],
      ['SHA-256 (zip)', bundle.sha256],
      ['Destination', publish.destination],
      ['Channels', publish.channels.length ? publish.channels.join(', ') : 'none'],
      ['Dry run', plan.dryRun ? 'yes: nothing was published' : 'no'],
      ['Timings', `plan ${planMs} ms · pack ${stage(timings.pack)} · verify ${stage(timings.verify)} · publish ${stage(timings.publish)}`],
    ])
    .write()
}
