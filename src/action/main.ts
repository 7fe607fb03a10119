import * as core from '@actions/core'
import { actionLogger } from './action-logger.js'
import { describeError } from '../errors.js'
import { outputsOf, runFromInputs } from '../pipeline.js'
import { writeSummary } from './summary.js'

/** The action: inputs → plan → pipeline → outputs and summary. The only module that knows GitHub. */
export async function run(): Promise<void> {
  try {
    const { plan, result, planMs } = await runFromInputs((name) => core.getInput(name), actionLogger)
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
    await writeSummary(plan, result, planMs)
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
