import { readdir, rm, rmdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { openDeltaSession, processDelta } from './bundle/delta.js'
import { bundleFileName, packBundle } from './bundle/pack.js'
import { verifyBundle } from './bundle/verify.js'
import { verifyManifest } from './bundle/verify-manifest.js'
import { RunGuard } from './cleanup.js'
import { getInputs, type InputReader } from './inputs.js'
import { environmentFrom, makePlan } from './plan.js'
import { startProgress } from './progress.js'
import { capgoConsoleUrl } from './publish/capgo/console-link.js'
import { startOverlappedUpload } from './publish/early.js'
import { publish } from './publish/index.js'
import type { SignerKind } from './signers/signer.js'
import type { DeltaBundle, Logger, PackedBundle, Plan, PublishResult } from './types.js'

export interface StageTimings {
  pack: number
  verify?: number
  /** Processing (and, with verify, checking) the delta files. */
  delta?: number
  publish: number
}

export interface RunResult {
  bundle: PackedBundle
  publish: PublishResult
  /** Which signer signed: key, pkcs11, gcp-kms or command. */
  signer: SignerKind
  /** Milliseconds per stage. */
  timings: StageTimings
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await work()
  return [value, Math.round(performance.now() - started)]
}

export type Stage = 'inputs' | 'plan' | 'pack' | 'verify' | 'delta' | 'publish'

/** How far a run got and what it removed after a failure; filled as the run goes, read by the failure summary. */
export interface RunTrace {
  stage: Stage
  plan?: Plan
  cleanedUp: string[]
}

export function newTrace(): RunTrace {
  return { stage: 'inputs', cleanedUp: [] }
}

/**
 * pack → verify → publish, shared by the action and the CLI. On any failure
 * the encrypted file goes, and the output directory too if this run made it;
 * when `guard` is cancelled (SIGINT/SIGTERM) its undo does the same, partial
 * files included.
 */
export async function runPipeline(plan: Plan, logger: Logger, guard = new RunGuard(), trace: RunTrace = newTrace()): Promise<RunResult> {
  const outputDirExisted = await stat(plan.outputDir).then(
    () => true,
    () => false,
  )
  let bundle: PackedBundle | undefined
  // Only this run's delta files are removed: a folder left by an earlier run of this version stays until this run replaces it.
  let deltaStarted = false
  const dropUndo = guard.add(`the files of this run in ${plan.outputDir}`, () =>
    removeRunFiles(plan, bundleFileName(plan.appId, plan.version), bundle !== undefined, deltaStarted, outputDirExisted),
  )
  // S3: parts go up while packing; publish completes the upload after verify, anything else withdraws it.
  const overlap = startOverlappedUpload(plan, logger, guard)
  try {
    trace.stage = 'pack'
    const progress = startProgress('Packing', { files: plan.build.files.length, bytes: plan.build.totalBytes }, (line) => logger.info(line))
    const [packed, packMs] = await timed(() =>
      packBundle(
        {
          buildDir: plan.buildDir,
          appId: plan.appId,
          version: plan.version,
          outputDir: plan.outputDir,
          key: plan.key,
          checksumFormat: plan.checksum.format,
          files: plan.build.files,
          onProgress: (bytes, files) => progress.add(bytes, files),
          tap: overlap?.tap,
        },
        logger,
      ),
    ).finally(() => progress.done())
    bundle = packed
    overlap?.packed(packed.bundleSize)
    guard.throwIfCancelled()
    logger.info(`Packed ${packed.fileCount} files: zip ${packed.zipSize} bytes, encrypted ${packed.bundleSize} bytes (${packMs} ms)`)

    let verifyMs: number | undefined
    if (plan.verify) {
      trace.stage = 'verify'
      const [verified, ms] = await timed(() =>
        verifyBundle({ file: packed.path, ivSessionKey: packed.ivSessionKey, checksum: packed.checksum, publicKey: plan.key.publicPem }),
      )
      verifyMs = ms
      logger.info(
        `Verified as a device would: decrypts, checksum (${packed.checksumFormat.toUpperCase()}) matches, all ${verified.entries} entries unpack (${verifyMs} ms)`,
      )
    }

    let deltaMs: number | undefined
    const deltaStep = async (): Promise<DeltaBundle> => {
      deltaStarted = true
      guard.throwIfCancelled()
      const [delta, ms] = await timed(() => makeDelta(plan, packed, logger, guard.signal))
      deltaMs = ms
      packed.delta = delta
      return delta
    }
    if (plan.delta.mode !== 'false') {
      if (plan.storage.kind === 'capgo' && plan.delta.mode === 'auto' && !plan.delta.autoFromConfig) {
        // Only the server's partialUploadForced can switch delta on: the Capgo session calls this after reading files/config, before any write.
        packed.prepareDelta = deltaStep
      } else {
        trace.stage = 'delta'
        await deltaStep()
      }
    }

    trace.stage = 'publish'
    guard.throwIfCancelled()
    const early = await overlap?.backend
    const [published, publishMs] = await timed(() => publish(plan, packed, logger, undefined, guard, early))
    await overlap?.settle()
    dropUndo()
    if (published.stored) {
      // This run's file is not what Capgo serves (a skip, or a completed re-run): keeping it would invite attaching the wrong bytes.
      await rm(packed.path, { force: true })
      if (deltaStarted) await removeDeltaFiles(plan)
      if (!outputDirExisted) await removeIfEmpty(plan.outputDir)
    } else if (packed.delta && !published.delta) {
      // Delta was possible but not used (Capgo's server did not take it): nothing refers to these files.
      await removeDeltaFiles(plan)
    }
    return {
      bundle: packed,
      publish: published,
      signer: plan.key.signer.kind,
      timings: { pack: packMs, verify: verifyMs, delta: deltaMs, publish: publishMs },
    }
  } catch (error) {
    // Before the files go: whatever was sent while packing is withdrawn (a no-op after a cancel's undo did it).
    await overlap?.settle().catch(() => undefined)
    dropUndo()
    if (bundle) {
      await rm(bundle.path, { force: true })
      trace.cleanedUp.push(`removed the encrypted file ${bundle.path}`)
    }
    if (deltaStarted && (await removeDeltaFiles(plan))) trace.cleanedUp.push(`removed the delta files of this run in ${deltaRunDir(plan)}`)
    if (!outputDirExisted && (await removeIfEmpty(plan.outputDir)))
      trace.cleanedUp.push(`removed the output directory ${plan.outputDir} this run made`)
    throw error
  }
}

/** The undo of a cancelled run: its half-written `.partial` files, its bundle once packed, its delta files, the output directory if this run made it. */
async function removeRunFiles(
  plan: Plan,
  fileName: string,
  packed: boolean,
  deltaStarted: boolean,
  outputDirExisted: boolean,
): Promise<{ cleaned?: string }> {
  const outputDir = plan.outputDir
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter(
    (name) => (name.startsWith(`.${fileName}.`) && name.endsWith('.partial')) || (packed && name === fileName),
  )
  await Promise.all(names.map((name) => rm(join(outputDir, name), { force: true })))
  const delta = deltaStarted && (await removeDeltaFiles(plan))
  if (!outputDirExisted) await removeIfEmpty(outputDir)
  const what = [
    names.length ? (names.length === 1 ? 'the bundle file' : `${names.length} bundle files`) : '',
    delta ? 'the delta files' : '',
  ]
    .filter(Boolean)
    .join(' and ')
  return what ? { cleaned: `removed ${what} of this run from ${outputDir}` } : {}
}

/** `{output-dir}/{appId}_{version}`: the delta files (`delta/`) and, for storage local, `manifest.json`. */
export function deltaRunDir(plan: Pick<Plan, 'outputDir' | 'appId' | 'version'>): string {
  return join(plan.outputDir, bundleFileName(plan.appId, plan.version).replace(/\.zip$/, ''))
}

/** Removes this run's delta folder and local manifest, and the run folder once empty; true when something was there. */
async function removeDeltaFiles(plan: Plan): Promise<boolean> {
  const dir = deltaRunDir(plan)
  const there = await stat(join(dir, 'delta')).then(
    () => true,
    () => false,
  )
  await rm(join(dir, 'delta'), { recursive: true, force: true })
  const manifest = await stat(join(dir, 'manifest.json')).then(
    () => true,
    () => false,
  )
  await rm(join(dir, 'manifest.json'), { force: true })
  await removeIfEmpty(dir)
  return there || manifest
}

/**
 * The delta files of this bundle, processed with its own session key and
 * IV (recovered from its ivSessionKey with the public key, as a device does)
 * and, with verify on, each checked as a device would before anything is
 * published.
 */
async function makeDelta(plan: Plan, packed: PackedBundle, logger: Logger, signal: AbortSignal): Promise<DeltaBundle> {
  const { candidates } = plan.delta
  const progress = startProgress(
    'Delta files',
    { files: candidates.length, bytes: candidates.reduce((sum, file) => sum + file.size, 0) },
    (line) => logger.info(line),
  )
  const session = plan.delta.encrypted ? openDeltaSession(packed.ivSessionKey, plan.key.publicPem) : undefined
  let delta: DeltaBundle
  try {
    delta = await processDelta({
      buildDir: plan.buildDir,
      settings: plan.delta,
      key: plan.key,
      checksumFormat: packed.checksumFormat,
      session,
      outDir: join(deltaRunDir(plan), 'delta'),
      signal,
      onProgress: (bytes, files) => progress.add(bytes, files),
    })
  } finally {
    session?.key.fill(0)
    progress.done()
  }
  const compressed = delta.files.filter((file) => file.fileName.endsWith('.br')).length
  logger.info(
    `Delta: ${delta.files.length} files, ${delta.bytes} bytes ${delta.encrypted ? 'encrypted with the bundle key, file_hash signed' : 'unencrypted, plain SHA-256 file_hash'} (${compressed} Brotli-compressed) in ${delta.dir}`,
  )
  if (plan.verify) {
    const checked = await verifyManifest({
      entries: delta.files.map((file) => ({ fileName: file.fileName, fileHash: file.fileHash, path: file.path })),
      ivSessionKey: delta.encrypted ? packed.ivSessionKey : undefined,
      publicKey: plan.key.publicPem,
      signal,
    })
    logger.info(
      `Verified the delta as a device would: ${checked.entries} entries pass the path rules, decrypt, decompress and match their file_hash`,
    )
  }
  return delta
}

async function removeIfEmpty(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined)
  if (!entries || entries.length > 0) return false
  return rmdir(dir).then(
    () => true,
    () => false,
  )
}

export interface Run {
  plan: Plan
  result: RunResult
  planMs: number
}

/** The whole job from raw inputs: what both the action and `capgo-bundle run` do. */
export async function runFromInputs(
  read: InputReader,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  guard = new RunGuard(),
  trace: RunTrace = newTrace(),
): Promise<Run> {
  const started = performance.now()
  trace.stage = 'inputs'
  const inputs = getInputs(read, logger, env)
  trace.stage = 'plan'
  const plan = await makePlan(inputs, environmentFrom(env, cwd), logger)
  trace.plan = plan
  const planMs = Math.round(performance.now() - started)
  logger.info(
    `Bundling ${plan.appId} ${plan.version} from ${plan.buildDir} (${plan.build.files.length} files, checksum ${plan.checksum.format.toUpperCase()}: ${plan.checksum.reason})`,
  )
  guard.throwIfCancelled()
  const result = await runPipeline(plan, logger, guard, trace)
  logger.info(`Done: ${result.publish.destination}`)
  const link = consoleLinkOf(plan, result.publish)
  if (link) logger.info(`Capgo console: ${link}`)
  return { plan, result, planMs }
}

/** The bundle's page in the Capgo console, when Capgo Cloud holds a row for it. */
export function consoleLinkOf(plan: Pick<Plan, 'appId' | 'storage'>, publish: Pick<PublishResult, 'versionId'>): string | undefined {
  const capgo = plan.storage.kind === 'capgo' ? plan.storage : plan.storage.kind === 'local' ? undefined : plan.storage.registerWith
  return capgo && publish.versionId ? capgoConsoleUrl(capgo, plan.appId, publish.versionId) : undefined
}

/** The step outputs, by action.yml name; the CLI prints the same record with --json. */
export function outputsOf({ bundle, publish, signer }: RunResult): Record<string, string> {
  // A skip or a completed re-run describes the version Capgo stores, never this run's fresh session key and file.
  const stored = publish.stored
  return {
    ivSessionKey: stored?.ivSessionKey ?? bundle.ivSessionKey,
    'iv-session-key': stored?.ivSessionKey ?? bundle.ivSessionKey,
    checksum: stored?.checksum ?? bundle.checksum,
    'checksum-sha256': bundle.sha256,
    'checksum-format': bundle.checksumFormat,
    'key-id': bundle.keyId,
    'bundle-path': stored ? '' : bundle.path,
    'bundle-url': stored ? (stored.bundleUrl ?? '') : (publish.bundleUrl ?? ''),
    'bundle-size': String(bundle.bundleSize),
    'zip-size': String(bundle.zipSize),
    version: bundle.version,
    'app-id': bundle.appId,
    'storage-key': publish.storageKey ?? '',
    'version-id': stored?.versionId ?? publish.versionId ?? '',
    signer: signer ?? '',
    published: String(publish.published ?? (publish.registered && !publish.skipped)),
    'skipped-reason': publish.skippedReason ?? '',
    compatibility: publish.compatibility ?? 'unchecked',
    'min-update-version': publish.minUpdateVersion ?? '',
    'delta-files': String(publish.delta?.files ?? 0),
    'delta-bytes': String(publish.delta?.bytes ?? 0),
    'manifest-path': publish.delta?.manifestPath ?? '',
    'manifest-url': publish.delta?.manifestUrl ?? '',
  }
}
