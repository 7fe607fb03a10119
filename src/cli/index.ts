import { keepYoungGenerationSmall } from '../bundle/memory.js'
import type { Command } from './command.js'
import { channelPromote } from './commands/channel-promote.js'
import { runCli } from './dispatch.js'
import { decrypt } from './commands/decrypt.js'
import { doctor } from './commands/doctor.js'
import { encrypt } from './commands/encrypt.js'
import { keyCreate } from './commands/key-create.js'
import { keySave } from './commands/key-save.js'
import { run } from './commands/run.js'
import { verify } from './commands/verify.js'
import { zip } from './commands/zip.js'
import { processStreams } from './logger.js'

const COMMANDS: Command[] = [keyCreate, keySave, zip, encrypt, decrypt, verify, doctor, run, channelPromote]

keepYoungGenerationSmall()

// exitCode rather than exit(): stdout is a pipe in scripts and must drain first.
void runCli(COMMANDS, process.argv.slice(2), { ...processStreams, cwd: process.cwd(), env: process.env }).then((code) => {
  process.exitCode = code
})
