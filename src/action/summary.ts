import * as core from '@actions/core'
import { BundleError, describeError } from '../errors.js'
import { consoleLinkOf, type RunResult, type RunTrace, type Stage } from '../pipeline.js'
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
  core.summary.addHeading(`Capgo bundle ${bundle.appId} ${bundle.version}`, 3).addTable([
    [
      { data: 'What', header: true },
      { data: 'Value', header: true },
    ],
    ['App', bundle.appId],
    ['Version', bundle.version],
    ['Files', String(bundle.fileCount)],
    [
      'Size',
      `${formatBytes(plan.build.totalBytes)} of files → ${formatBytes(bundle.zipSize)} zipped → ${formatBytes(bundle.bundleSize)} encrypted`,
    ],
    ['Checksum format', `${bundle.checksumFormat.toUpperCase()}: ${plan.checksum.reason}`],
    ['Key id', bundle.keyId],
    ['Signer', `${result.signer}: ${plan.key.signer.description}`],
    ['SHA-256 (zip)', bundle.sha256],
    ['Destination', publish.destination],
    ['Channels', publish.channels.length ? publish.channels.join(', ') : 'none'],
    ['Dry run', plan.dryRun ? 'yes: nothing was published' : 'no'],
    ...deltaRow(result),
    [
      'Timings',
      `plan ${planMs} ms · pack ${stage(timings.pack)} · verify ${stage(timings.verify)}${timings.delta === undefined ? '' : ` · delta ${stage(timings.delta)}`} · publish ${stage(timings.publish)}`,
    ],
    // Release control (issue 10).
    [
      'Published',
      publish.published === false || publish.skipped ? `no${publish.skippedReason ? ` (${publish.skippedReason})` : ''}` : 'yes',
    ],
    ['Compatibility', publish.compatibility ?? 'unchecked'],
    ['min_update_version', publish.minUpdateVersion ?? 'none'],
    ...consoleRow(plan, result),
  ])
  if (publish.releaseSummary?.length) core.summary.addRaw(`\n${publish.releaseSummary.join('\n\n')}\n`, true)
  await core.summary.write()
}

/** Delta (manifest) updates: what was published, or why the processed files were not used. */
function deltaRow(result: RunResult): string[][] {
  const { bundle, publish } = result
  const published = publish.delta
  if (published) {
    const where = published.manifestUrl ? `${published.manifestPath} (${published.manifestUrl})` : published.manifestPath
    return [
      [
        'Delta',
        `${published.files} files, ${formatBytes(published.bytes)} after Brotli and encryption${bundle.delta && !bundle.delta.encrypted ? ' (unencrypted: updater < 6.14.4)' : ''}; manifest ${escapeHtml(where)}`,
      ],
    ]
  }
  return bundle.delta ? [['Delta', `${bundle.delta.files.length} files processed, not published (the server did not take a delta)`]] : []
}

function consoleRow(plan: Plan, result: RunResult): string[][] {
  const link = consoleLinkOf(plan, result.publish)
  return link ? [['Capgo console', `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`]] : []
}

/** Cells are HTML; messages may hold <placeholders>. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const STAGE_NAMES: Record<Stage, string> = {
  inputs: 'reading inputs',
  plan: 'plan (checks before any work)',
  pack: 'pack (zip and encrypt)',
  verify: 'verify (as a device would)',
  delta: 'delta (manifest files, processed and verified)',
  publish: 'publish',
}

/** Lines of the failure summary, as [what, value]; plain text. */
export function failureRows(trace: RunTrace, error: unknown): [string, string][] {
  const aftermath = error instanceof BundleError ? error.aftermath : undefined
  const storage = trace.plan?.storage.kind
  const stage = trace.stage === 'publish' && storage ? `publish (storage ${storage})` : STAGE_NAMES[trace.stage]
  const cleanedUp = [...(aftermath?.cleanedUp ?? []), ...trace.cleanedUp]
  let remains: string
  if (aftermath) remains = aftermath.remains.length ? aftermath.remains.join('; ') : 'nothing'
  else if (trace.stage !== 'publish')
    remains = 'nothing: the run stopped before publishing, and nothing outside the output directory was written'
  else remains = 'the error line says what, if anything, was written and what to delete'
  const rows: [string, string][] = [
    ['Failed stage', stage],
    ['Error', describeError(error)],
  ]
  if (error instanceof BundleError && error.input) rows.push(['Input to change', error.input])
  rows.push(['Cleaned up', cleanedUp.length ? cleanedUp.join('; ') : 'nothing needed'], ['Remains', remains])
  return rows
}

/** The job summary of a failed run: which stage failed, the error line, what was cleaned up and what remains. Never key material. */
export async function writeFailureSummary(trace: RunTrace, error: unknown): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const plan = trace.plan
  await core.summary
    .addHeading(plan ? `Capgo bundle ${plan.appId} ${plan.version} failed` : 'Capgo bundle failed', 3)
    .addTable([
      [
        { data: 'What', header: true },
        { data: 'Value', header: true },
      ],
      ...failureRows(trace, error).map(([what, value]) => [what, escapeHtml(value)]),
    ])
    .write()
}

/** A refusal's details (the compatibility table) for the job summary, so the failed run shows why. */
export async function writeRefusalSummary(details: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addHeading('Capgo bundle: not published', 3).addRaw(`\n${details}\n`, true).write()
}
