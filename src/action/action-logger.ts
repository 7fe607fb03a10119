import * as core from '@actions/core'
import type { Logger } from '../types.js'

const masked = new Set<string>()

/** The action's logger: workflow commands through @actions/core. */
export const actionLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  // Inputs and the key parser both mask what they see; one ::add-mask:: per value is enough.
  secret: (value) => {
    if (masked.has(value)) return
    masked.add(value)
    core.setSecret(value)
  },
}
