import { readdir, rm, rmdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleFileName, packBundle } from './bundle/pack.js'
import { verifyBundle } from './bundle/verify.js'
import { RunGuard } from './cleanup.js'
import { getInputs, type InputReader } from './inputs.js'
import { environmentFrom, makePlan } from './plan.js'
import { publish } from './publish/index.js'
import type { SignerKind } from './signers/signer.js'
import type { Logger, PackedBundle, Plan, PublishResult } from './types.js'

export interface StageTimings {
  pack: number
  verify?: number
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

/**
 * pack → verify → publish, shared by the action and the CLI. On any failure
 * the encrypted file goes, and the output directory too if this run made it;
 * when `guard` is cancelled (SIGINT/SIGTERM) its undo does the same, partial
 * files included.
 */
export async function runPipeline(plan: Plan, logger: Logger, guard = new RunGuard()): Promise<RunResult> {
  const outputDirExisted = await stat(plan.outputDir).then(
    () => true,
    () => false,
  )
  let bundle: PackedBundle | undefined
  const dropUndo = guard.add(`the files of this run in ${plan.outputDir}`, () => removeRunFiles(plan.outputDir, bundleFileName(plan.appId, plan.version), bundle !== undefined, outputDirExisted))
  try {
    const [packed, packMs] = await timed(() =>
      packBundle(
        { buildDir: plan.buildDir, appId: plan.appId, version: plan.version, outputDir: plan.outputDir, key: plan.key, checksumFormat: plan.checksum.format, files: plan.build.files },
        logger,
      ),
    )
    bundle = packed
    guard.throwIfCancelled()
    logger.info(`Packed ${packed.fileCount} files: zip ${packed.zipSize} bytes, encrypted ${packed.bundleSize} bytes (${packMs} ms)`)

    let verifyMs: number | undefined
    if (plan.verify) {
      const [verified, ms] = await timed(() => verifyBundle({ file: packed.path, ivSessionKey: packed.ivSessionKey, checksum: packed.checksum, publicKey: plan.key.publicPem }))
      verifyMs = ms
      logger.info(`Verified as a device would: decrypts, checksum (${packed.checksumFormat.toUpperCase()}) matches, all ${verified.entries} entries unpack (${verifyMs} ms)`)
    }

    guard.throwIfCancelled()
    const [published, publishMs] = await timed(() => publish(plan, packed, logger, undefined, guard))
    dropUndo()
    return { bundle: packed, publish: published, signer: plan.key.signer.kind, timings: { pack: packMs, verify: verifyMs, publish: publishMs } }
  } catch (error) {
    dropUndo()
    if (bundle) await rm(bundle.path, { force: true })
    if (!outputDirExisted) await removeIfEmpty(plan.outputDir)
    throw error
  }
}

/** The undo of a cancelled run: its half-written `.partial` files, its bundle once packed, the output directory if this run made it. */
async function removeRunFiles(outputDir: string, fileName: string, packed: boolean, outputDirExisted: boolean): Promise<{ cleaned?: string }> {
  const names = (await readdir(outputDir).catch(() => [] as string[])).filter(
    (name) => (name.startsWith(`.${fileName}.`) && name.endsWith('.partial')) || (packed && name === fileName),
  )
  await Promise.all(names.map((name) => rm(join(outputDir, name), { force: true })))
  if (!outputDirExisted) await removeIfEmpty(outputDir)
  return names.length ? { cleaned: `removed ${names.length === 1 ? 'the bundle file' : `${names.length} bundle files`} of this run from ${outputDir}` } : {}
}

async function removeIfEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined)
  if (entries && entries.length === 0) await rmdir(dir).catch(() => undefined)
}

export interface Run {
  plan: Plan
  result: RunResult
  planMs: number
}

/** The whole job from raw inputs: what both the action and `capgo-bundle run` do. */
export async function runFromInputs(read: InputReader, logger: Logger, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), guard = new RunGuard()): Promise<Run> {
  const started = performance.now()
  const inputs = getInputs(read, logger, env)
  const plan = await makePlan(inputs, environmentFrom(env, cwd), logger)
  const planMs = Math.round(performance.now() - started)
  logger.info(`Bundling ${plan.appId} ${plan.version} from ${plan.buildDir} (${plan.build.files.length} files, checksum ${plan.checksum.format.toUpperCase()}: ${plan.checksum.reason})`)
  guard.throwIfCancelled()
  const result = await runPipeline(plan, logger, guard)
  logger.info(`Done: ${result.publish.destination}`)
  return { plan, result, planMs }
}

/** The step outputs, by action.yml name; the CLI prints the same record with --json. */
export function outputsOf({ bundle, publish, signer }: RunResult): Record<string, string> {
  return {
    ivSessionKey: bundle.ivSessionKey,
    'iv-session-key': bundle.ivSessionKey,
    checksum: bundle.checksum,
    'checksum-sha256': bundle.sha256,
    'checksum-format': bundle.checksumFormat,
    'key-id': bundle.keyId,
    'bundle-path': bundle.path,
    'bundle-url': publish.bundleUrl ?? '',
    'bundle-size': String(bundle.bundleSize),
    'zip-size': String(bundle.zipSize),
    version: bundle.version,
    'app-id': bundle.appId,
    'storage-key': publish.storageKey ?? '',
    'version-id': publish.versionId ?? '',
    signer: signer ?? '',
  }
}
