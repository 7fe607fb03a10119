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
  core.summary
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
      // Release control (issue 10).
      ['Published', publish.published === false || publish.skipped ? `no${publish.skippedReason ? ` (${publish.skippedReason})` : ''}` : 'yes'],
      ['Compatibility', publish.compatibility ?? 'unchecked'],
      ['min_update_version', publish.minUpdateVersion ?? 'none'],
    ])
  if (publish.releaseSummary?.length) core.summary.addRaw(`\n${publish.releaseSummary.join('\n\n')}\n`, true)
  await core.summary.write()
}

/** A refusal's details (the compatibility table) for the job summary, so the failed run shows why. */
export async function writeRefusalSummary(details: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addHeading('Capgo bundle: not published', 3).addRaw(`\n${details}\n`, true).write()
}
