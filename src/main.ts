import * as core from '@actions/core'
import { actionLogger } from './action-logger.js'
import { describeError } from './errors.js'
import { getInputs } from './inputs.js'
import { runPipeline } from './pipeline.js'
import { environmentFrom, makePlan } from './plan.js'
import { writeSummary } from './summary.js'

/** The action: inputs → plan → pipeline → outputs and summary. The only module that knows GitHub. */
export async function run(): Promise<void> {
  try {
    const started = performance.now()
    const inputs = getInputs((name) => core.getInput(name), actionLogger)
    const planned = await makePlan(inputs, environmentFrom(process.env), actionLogger)
    const planMs = Math.round(performance.now() - started)
    const { plan } = planned
    core.info(`Bundling ${plan.appId} ${plan.version} from ${plan.buildDir} (${planned.build.files.length} files, checksum ${plan.checksum.format.toUpperCase()}: ${plan.checksum.reason})`)

    const result = await runPipeline(planned, actionLogger)
    const { bundle, publish } = result
    const outputs: Record<string, string | number> = {
      ivSessionKey: bundle.ivSessionKey,
      checksum: bundle.checksum,
      'checksum-sha256': bundle.sha256,
      'checksum-format': bundle.checksumFormat,
      'key-id': bundle.keyId,
      'bundle-path': bundle.path,
      'bundle-url': publish.bundleUrl ?? '',
      'bundle-size': bundle.bundleSize,
      'zip-size': bundle.zipSize,
      version: bundle.version,
      'app-id': bundle.appId,
      'storage-key': publish.storageKey ?? '',
      'version-id': publish.versionId ?? '',
    }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    await writeSummary(plan, result, planMs)
    core.info(`Done: ${publish.destination}`)
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
