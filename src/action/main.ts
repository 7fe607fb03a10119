import * as core from '@actions/core'
import { actionLogger } from './action-logger.js'
import { describeError } from '../errors.js'
import { outputsOf, runFromInputs } from '../pipeline.js'
import { ReleaseRefusal } from '../release/decide.js'
import { writeRefusalSummary, writeSummary } from './summary.js'

/** The action: inputs → plan → pipeline → outputs and summary. The only module that knows GitHub. */
export async function run(): Promise<void> {
  try {
    const { plan, result, planMs } = await runFromInputs((name) => core.getInput(name), actionLogger)
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
    await writeSummary(plan, result, planMs)
  } catch (error) {
    if (error instanceof ReleaseRefusal && error.table) await writeRefusalSummary(`${error.message}\n\n${error.table}`).catch(() => undefined)
    core.setFailed(describeError(error))
  }
}
