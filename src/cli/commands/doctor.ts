import { resolve } from 'node:path'
import { diagnose, type CheckStatus } from '../../bundle/doctor.js'
import { PRIVATE_KEY_FILE } from '../../bundle/key-files.js'
import { BIN, PRIVATE_KEY_ENV, str, type Command } from '../command.js'
import { PRIVATE_KEY_LOOKUP, privateKeyFrom } from '../key-lookup.js'
import { ROTATION_HELP } from './key-create.js'

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' }

export const doctor: Command = {
  spec: {
    brief: "Explain why devices would reject a project's updates",
    name: 'doctor',
    summary: "Explain a project's encryption status: why devices would reject its updates. Exit 1 when something would make them fail.",
    usage: `${BIN} doctor [--config path] [--key path | --key-data pem] [--json]`,
    positionals: [],
    options: [
      { name: 'config', type: 'string', value: 'path', description: 'Capacitor config (default: capacitor.config.json, .ts or .js here).' },
      { name: 'capacitor-config', type: 'string', value: 'path', description: 'Same as --config.' },
      {
        name: 'key',
        type: 'string',
        value: 'path',
        description: `Private key to check against the config (default: ${PRIVATE_KEY_FILE}; also ${PRIVATE_KEY_ENV}).`,
      },
      { name: 'key-data', type: 'string', value: 'pem', description: 'Private key PEM text.' },
    ],
    details: `Checks: the capacitor config and its webDir (index.html at the root, notifyAppReady called),
the config's public key (PKCS#1, RSA-2048, starts as Android requires), the private key and
${PRIVATE_KEY_FILE}.pub (well-formed, one pair), the private key's id against the config's,
and the installed @capgo/capacitor-updater version, which decides V3 or V2 checksums.

${ROTATION_HELP}`,
  },
  async run(context) {
    const config = str(context, 'config') ?? str(context, 'capacitor-config')
    const privateKey = await privateKeyFrom(context)
    const diagnosis = await diagnose(
      {
        dir: context.cwd,
        configPath: config ? resolve(context.cwd, config) : undefined,
        privateKey,
        privateKeyLookedAt: PRIVATE_KEY_LOOKUP,
      },
      context.logger,
    )
    const failures = diagnosis.checks.filter((check) => check.status === 'fail').length
    const warnings = diagnosis.checks.filter((check) => check.status === 'warn').length
    return {
      json: diagnosis,
      text: [
        ...diagnosis.checks.map((check) => `${LABEL[check.status]}  ${check.message}`),
        '',
        failures
          ? `${failures} problem${failures > 1 ? 's' : ''} devices would hit; fix ${failures > 1 ? 'them' : 'it'} before publishing.`
          : `No problem devices would hit${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
      ],
      exitCode: diagnosis.ok ? 0 : 1,
      error: diagnosis.ok ? undefined : `doctor found ${failures} problem${failures > 1 ? 's' : ''} (the FAIL checks)`,
    }
  },
}
