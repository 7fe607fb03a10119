import { PRIVATE_KEY_FILE } from '../../bundle/key-files.js'
import { exitOnSignals, RunGuard } from '../../cleanup.js'
import { outputsOf, runFromInputs } from '../../pipeline.js'
import { BIN, PRIVATE_KEY_ENV, type Command, type OptionSpec } from '../command.js'
import { defaultPrivateKey } from '../key-lookup.js'

const flag = (name: string, description: string, value = 'value'): OptionSpec => ({ name, type: 'string', value, description })
const switchFlag = (name: string, description: string): OptionSpec => ({ name, type: 'switch', description })

/** Every input of action.yml, under its own name (a test holds the two lists equal). */
export const ACTION_INPUT_FLAGS: OptionSpec[] = [
  flag('path', 'Build folder (default: webDir of the capacitor config, else dist).', 'dir'),
  {
    ...flag(
      'exclude',
      'Glob relative to --path to leave out of the bundle (* matches dot names; a folder leaves out all below); repeatable.',
      'glob',
    ),
    multiple: true,
  },
  flag('private-key', `PEM private key text (prefer ${PRIVATE_KEY_ENV} or --private-key-path: argv is visible to other users).`, 'pem'),
  flag('private-key-path', `Private key file (default: ${PRIVATE_KEY_ENV}, else ./${PRIVATE_KEY_FILE}).`, 'path'),
  flag('app-id', 'App id (default: appId of the capacitor config).', 'id'),
  flag('version', 'Bundle version; a leading v is stripped (default: package.json version).', 'semver'),
  flag('capacitor-config', 'Capacitor config file.', 'path'),
  flag('checksum-format', 'auto, v3 or v2.', 'format'),
  flag('storage', 'capgo, s3, url, github-release or local (default capgo).', 'kind'),
  flag('output-dir', 'Where the encrypted zip is written (default: a folder in the temp directory).', 'dir'),
  switchFlag('verify', 'Verify the bundle as a device would before publishing (default true).'),
  switchFlag('dry-run', 'Everything except publishing.'),
  switchFlag('require-notify-app-ready', 'Fail when no .js file calls notifyAppReady (default true).'),
  switchFlag('allow-key-mismatch', "During a key rotation: warn instead of failing when the private key is not the config's public key."),
  flag('s3-bucket', 'Bucket, for storage s3.', 'name'),
  flag('s3-region', 'Bucket region (default us-east-1).', 'region'),
  flag('s3-endpoint', 'Endpoint of an S3-compatible service.', 'url'),
  switchFlag('s3-force-path-style', 'Path-style addressing.'),
  flag('s3-key', 'Object key template: {appId}, {version}, {sha256}.', 'template'),
  flag('s3-cache-control', 'Cache-Control of the object.'),
  flag('s3-access-key-id', 'Access key id (default: the AWS credential chain).', 'id'),
  flag('s3-secret-access-key', 'Secret access key.', 'secret'),
  flag('upload-url', 'Presigned PUT URL, for storage url.', 'url'),
  flag('upload-headers', 'Extra PUT headers, "Name: value" per line.', 'headers'),
  flag('public-url', 'https URL template devices download from.', 'template'),
  switchFlag('allow-insecure-public-url', 'Allow http:// public-url (tests only).'),
  switchFlag('overwrite', 'Replace an existing object with the same key.'),
  switchFlag('verify-upload', 'Download what was stored and verify it.'),
  switchFlag('register', 'With custom storage and a token, register the bundle with Capgo (default true).'),
  flag('capgo-token', 'Capgo API key (default: CAPGO_TOKEN).', 'token'),
  flag('capgo-api-url', 'Capgo API base URL.', 'url'),
  flag('capgo-files-url', 'Capgo files base URL.', 'url'),
  flag('capgo-supabase-url', 'Self-hosted Capgo Supabase URL.', 'url'),
  flag('capgo-supabase-anon-key', 'Self-hosted Capgo Supabase anon key.', 'key'),
  flag('channel', 'Channels to point at the bundle, comma-separated.', 'names'),
  flag('version-exists', 'fail or skip.', 'mode'),
  flag('comment', 'Comment stored with the version.', 'text'),
  flag('link', 'Link stored with the version.', 'url'),
  flag('min-update-version', 'Minimal native version for this bundle.', 'version'),
  flag('tus-upload', 'auto, always or never.', 'mode'),
  flag('request-timeout', 'Seconds a request may go without progress before it is retried (default 60).', 'seconds'),
  flag('compatibility', 'fail, warn or ignore: the native-package check against each channel (default fail).', 'mode'),
  flag('package-json', 'package.json files for the native-package check, comma-separated.', 'paths'),
  flag('node-modules', 'node_modules folders for the native-package check, comma-separated.', 'dirs'),
  switchFlag('auto-min-update-version', 'Compute min_update_version per channel as the official CLI does.'),
  flag('rollout', 'Progressive rollout percentage, 0-100 (decimals allowed).', 'percent'),
  switchFlag('rollout-advance', "Promote the channel's rollout target to stable, then roll this bundle out."),
  flag('rollout-cache-ttl-seconds', 'Rollout decision cache, 60-31536000 seconds.', 'seconds'),
  switchFlag('self-assign', 'Let devices assign themselves to the channel.'),
  switchFlag('delete-linked-bundle-on-upload', 'Delete the bundle each channel served before.'),
  flag('unchanged', 'fail or skip when every channel already serves this content (default fail).', 'mode'),
  flag('delta', 'Delta (manifest) updates: auto (default), true, only or false.', 'mode'),
  switchFlag('brotli', 'Brotli-compress delta files of 8192 bytes or more when it pays (default true).'),
  { ...flag('brotli-exclude', 'Glob relative to --path of delta files never Brotli-compressed; repeatable.', 'glob'), multiple: true },
  flag('delta-upload-url', 'storage url with delta: PUT URL template of each delta file, {path} and {sha256}.', 'template'),
  flag('signer', 'key (default), pkcs11, gcp-kms or command.', 'kind'),
  flag('public-key', "PEM public key of the signing key (default: what the signer reports, else the config's).", 'pem'),
  flag('pkcs11-module', 'signer pkcs11: PKCS#11 library path.', 'path'),
  flag('pkcs11-token-label', 'signer pkcs11: token label.', 'label'),
  flag('pkcs11-slot', 'signer pkcs11: slot number, instead of the token label.', 'n'),
  flag('pkcs11-key-label', 'signer pkcs11: private key label.', 'label'),
  flag('pkcs11-key-id', 'signer pkcs11: private key id (hex), instead of the label.', 'hex'),
  flag('pkcs11-pin', 'signer pkcs11: user PIN (prefer the CAPGO_PKCS11_PIN variable: argv is visible to other users).', 'pin'),
  flag('gcp-kms-key', 'signer gcp-kms: projects/…/cryptoKeyVersions/N.', 'name'),
  flag('gcp-kms-endpoint', 'signer gcp-kms: Cloud KMS endpoint.', 'url'),
  flag('signer-command', 'signer command: program and arguments, one per line.', 'lines'),
  flag('release-tag', 'Release to attach the bundle to, for storage github-release (default: the tag of GITHUB_REF).', 'tag'),
  flag('github-token', 'Token that may write releases (default: GITHUB_TOKEN).', 'token'),
]

export const run: Command = {
  spec: {
    brief: 'Run the whole GitHub Action from a terminal, inputs as flags',
    name: 'run',
    summary:
      'The whole action from a terminal: plan, pack, verify, publish, on the same code path as the GitHub Action, with each action input as a flag of the same name.',
    usage: `${BIN} run [--path dist] [--storage local] [--<action input> value ...] [--json]`,
    positionals: [],
    options: ACTION_INPUT_FLAGS,
    details: `Values mean what the action's inputs mean (INPUT_* semantics): booleans are true/false
(--dry-run alone means true, --no-verify false), lists are comma-separated.
Terminal defaults the action does not have: the private key may come from ${PRIVATE_KEY_ENV} or
./${PRIVATE_KEY_FILE}, and relative paths start at the current directory (never GITHUB_WORKSPACE).
--json prints the action's outputs by name.
Example: ${BIN} run --storage local --output-dir out --json`,
  },
  async run(context) {
    const values: Record<string, string> = {}
    for (const option of ACTION_INPUT_FLAGS) {
      const value = context.values[option.name]
      if (typeof value === 'string') values[option.name] = value
    }
    if (!values['private-key'] && !values['private-key-path'] && (values.signer ?? 'key') === 'key')
      Object.assign(values, defaultPrivateKey(context))
    // Relative paths start at the current directory, also inside a workflow step run from a subfolder.
    const env = { ...context.env, GITHUB_WORKSPACE: '' }
    // Ctrl-C (SIGINT) or SIGTERM: undo what this run created, print one line, exit 130/143.
    const guard = new RunGuard()
    const stopListening = exitOnSignals(guard, {
      report: (line) => context.logger.info(`error: ${line}`),
      exit: (code) => process.exit(code),
    })
    let run
    try {
      run = await runFromInputs((name) => values[name] ?? '', context.logger, env, context.cwd, guard)
    } catch (error) {
      // The signal handler prints the one report line and exits; nothing else may print.
      if (guard.cancelled) await new Promise<never>(() => undefined)
      throw error
    } finally {
      if (!guard.cancelled) stopListening()
    }
    const { result } = run
    const outputs = outputsOf(result)
    return { json: outputs, text: Object.entries(outputs).map(([name, value]) => `${name}: ${value}`) }
  },
}
