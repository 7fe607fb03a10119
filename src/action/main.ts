import * as core from '@actions/core'
import { actionLogger } from './action-logger.js'
import { exitOnSignals, RunGuard } from '../cleanup.js'
import { describeError } from '../errors.js'
import { newTrace, outputsOf, runFromInputs } from '../pipeline.js'
import { ReleaseRefusal } from '../release/decide.js'
import { writeFailureSummary, writeRefusalSummary, writeSummary } from './summary.js'

/** The action: inputs → plan → pipeline → outputs and summary. The only module that knows GitHub. */
export async function run(): Promise<void> {
  // GitHub cancels with SIGINT, then SIGTERM: the run's undo actions go, one ::error:: line says what was cleaned.
  const guard = new RunGuard()
  const stopListening = exitOnSignals(guard, { report: (line) => core.setFailed(line), exit: (code) => process.exit(code) })
  const trace = newTrace()
  try {
    const { plan, result, planMs } = await runFromInputs(
      (name) => core.getInput(name),
      actionLogger,
      process.env,
      process.cwd(),
      guard,
      trace,
    )
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value)
    await writeSummary(plan, result, planMs)
  } catch (error) {
    // A cancelled run's only line is the clean-up report; the signal handler prints it and exits.
    if (guard.cancelled) return new Promise<void>(() => undefined)
    core.setFailed(describeError(error))
    // The summary is a courtesy: a failure to write it must not hide the error above.
    const summaryFailed = (summaryError: unknown) => core.debug(`job summary not written: ${describeError(summaryError)}`)
    await writeFailureSummary(trace, error).catch(summaryFailed)
    if (error instanceof ReleaseRefusal && error.table) await writeRefusalSummary(`${error.message}\n\n${error.table}`).catch(summaryFailed)
  } finally {
    if (!guard.cancelled) stopListening()
  }
}
