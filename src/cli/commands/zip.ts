import { resolve } from 'node:path'
import { checkBuild } from '../../bundle/build.js'
import { findCapacitorConfig, readCapacitorConfig, webDirOf } from '../../bundle/capacitor-config.js'
import { writeZipFile } from '../../bundle/zip.js'
import { BundleError, isBundleError } from '../../errors.js'
import { appVersion } from '../../package-json.js'
import { normaliseVersion } from '../../plan.js'
import { refuseKeyTextAsPath } from '../../key-text.js'
import { BIN, PRIVATE_KEY_ENV, str, UsageError, type Command } from '../command.js'

export const zip: Command = {
  spec: {
    brief: 'Zip a web build reproducibly; --json gives {bundle, filename, checksum}',
    name: 'zip',
    summary: 'Zip a web build reproducibly (same files, same bytes, same checksum) with every file at the root, as devices expect.',
    usage: `${BIN} zip [appId] [--path dist] [--bundle version] [--name file] [--json]`,
    positionals: [{ name: 'appId', required: false, description: 'App id (default: appId of the capacitor config here).' }],
    options: [
      { name: 'path', short: 'p', type: 'string', value: 'dir', description: 'Build folder (default: webDir of the capacitor config).' },
      {
        name: 'bundle',
        short: 'b',
        type: 'string',
        value: 'version',
        description: 'Bundle version (default: version of package.json); names the zip.',
      },
      { name: 'name', short: 'n', type: 'string', value: 'file', description: 'Zip file to write (default: {appId}_{version}.zip).' },
      {
        name: 'ignore-notify-app-ready',
        type: 'boolean',
        description: 'Only warn when no .js file calls notifyAppReady() (devices would roll back).',
      },
      {
        name: 'no-code-check',
        type: 'boolean',
        description: 'Same as --ignore-notify-app-ready; index.html at the root is still required.',
      },
      { name: 'key-v2', type: 'boolean', description: 'Accepted for compatibility: the checksum is always SHA-256.' },
      { name: 'package-json', type: 'string', value: 'paths', description: 'Accepted for compatibility; not needed here.' },
      {
        name: 'exclude',
        type: 'string',
        value: 'glob',
        multiple: true,
        description: 'Glob relative to --path to leave out (* matches dot names; a folder leaves out all below); repeatable.',
      },
    ],
    details: `--json prints {bundle, filename, checksum}, as "@capgo/cli bundle zip --json" does.
Next: ${BIN} encrypt <filename> <checksum>`,
  },
  async run(context) {
    for (const name of ['path', 'name', 'package-json'])
      refuseKeyTextAsPath(name, str(context, name) ?? '', context.logger, `--key-data or ${PRIVATE_KEY_ENV}`)
    const configPath = await findCapacitorConfig(context.cwd)
    const config = configPath ? await readCapacitorConfig(configPath) : undefined
    const appId = context.positionals[0] ?? config?.appId
    if (!appId) throw new UsageError('missing [appId]: pass it, or run where a capacitor config with appId is')
    const version = await versionOf(str(context, 'bundle'), context.cwd)
    const pathFlag = str(context, 'path')
    const buildDir = pathFlag ? resolve(context.cwd, pathFlag) : config && webDirOf(config)
    if (!buildDir) throw new UsageError('missing --path: no capacitor config with webDir here')

    const lenient = context.values['ignore-notify-app-ready'] === true || context.values['no-code-check'] === true
    const exclude = (str(context, 'exclude') ?? '').split('\n').filter(Boolean)
    const build = await checkBuild(buildDir, !lenient, context.logger, { exclude }).catch((error: unknown) => {
      if (isBundleError(error) && error.code === 'notify_app_ready_missing') {
        throw new BundleError(
          error.code,
          error.message.replace(/\(set require-notify-app-ready[^)]*\)/, '(pass --ignore-notify-app-ready to only warn)'),
          'ignore-notify-app-ready',
        )
      }
      throw error
    })
    const filename = str(context, 'name') ?? `${appId}_${version}.zip`
    const written = await writeZipFile(build.files, resolve(context.cwd, filename))
    context.logger.info(`Zipped ${build.files.length} files from ${buildDir}: ${written.size} bytes`)
    return {
      json: { bundle: version, filename, checksum: written.sha256 },
      text: [`${filename}`, `checksum (SHA-256): ${written.sha256}`, `Next: ${BIN} encrypt ${filename} ${written.sha256}`],
    }
  },
}

async function versionOf(given: string | undefined, dir: string): Promise<string> {
  if (given) return normaliseVersion(given, '--bundle')
  const found = appVersion([dir])
  if (!found) throw new UsageError('missing --bundle: no package.json with a version here')
  return normaliseVersion(found.version, `version of ${found.path}`)
}
