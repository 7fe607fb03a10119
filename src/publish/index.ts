import type { Logger, PackedBundle, Plan, PublishResult } from '../types.js'
import { openCapgo } from './capgo.js'
import { createStorage } from './storage.js'

/**
 * The publish stage. Every read-only check (Capgo app and version, storage
 * target) runs before the first write, so a refusal leaves nothing behind.
 */
export async function publish(plan: Plan, bundle: PackedBundle, logger: Logger): Promise<PublishResult> {
  const { storage } = plan
  if (storage.kind === 'local') {
    return { registered: false, skipped: false, channels: [], destination: `kept at ${bundle.path}` }
  }

  if (storage.kind === 'capgo') {
    if (!plan.capgo) throw new Error('unreachable: plan without Capgo settings for storage capgo')
    const capgo = await openCapgo(plan.capgo, bundle, logger)
    return capgo.publishHosted({ dryRun: plan.dryRun })
  }

  const capgo = plan.capgo && plan.register ? await openCapgo(plan.capgo, bundle, logger) : undefined
  if (capgo?.versionExists) {
    return capgo.skipExisting()
  }
  const backend = await createStorage(storage, logger)
  const planned = await backend.check(bundle)
  if (plan.dryRun) {
    logger.info(`Dry run: would upload ${bundle.fileName} to ${planned.key} (${storage.kind}), public URL ${planned.url}`)
    const registration = capgo ? await capgo.registerExternal(planned.url, { dryRun: true }) : undefined
    return {
      bundleUrl: planned.url,
      storageKey: planned.key,
      registered: false,
      skipped: false,
      channels: registration?.channels ?? [],
      destination: `dry run: ${storage.kind} ${planned.key}`,
    }
  }
  const stored = await backend.put(bundle)
  logger.info(`Stored ${bundle.fileName} at ${stored.key}`)
  if (!capgo) {
    return { bundleUrl: stored.url, storageKey: stored.key, registered: false, skipped: false, channels: [], destination: `${storage.kind} ${stored.key}` }
  }
  try {
    const registration = await capgo.registerExternal(stored.url, { dryRun: false })
    return { ...registration, bundleUrl: stored.url, storageKey: stored.key, destination: `${storage.kind} ${stored.key}, registered with Capgo` }
  } catch (error) {
    logger.warning(
      `The bundle was uploaded to ${storage.kind} at ${stored.key} but could not be registered with Capgo; delete that object or register it again.`,
    )
    throw error
  }
}
