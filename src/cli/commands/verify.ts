import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { recoverChecksum } from '../../bundle/format.js'
import { keyIdOf, parsePublicKey } from '../../bundle/keys.js'
import { DeviceRejection, verifyBundle } from '../../bundle/verify.js'
import { ManifestRejection, verifyManifest, type ManifestEntryToCheck } from '../../bundle/verify-manifest.js'
import { BundleError } from '../../errors.js'
import { BIN, PUBLIC_KEY_ENV, str, UsageError, type Command, type CommandResult, type Context } from '../command.js'
import { publicKeyFrom } from '../key-lookup.js'
import { bundleAndKey, PUBLIC_KEY_OPTIONS } from './decrypt.js'

export const verify: Command = {
  spec: {
    brief: 'Exit 0 if devices would accept a bundle (or a delta manifest), 1 naming the check they would fail',
    name: 'verify',
    summary:
      'Check an encrypted bundle exactly as a device would, writing nothing: exit 0 when devices accept it, 1 with the failure devices report (decrypt_fail, checksum_fail, unzip_fail) when they would not. With --manifest, check a delta (manifest) update the same way: every entry decrypts with the session key, un-Brotlis when named .br, and matches its file_hash; names pass the device path rules.',
    usage: `${BIN} verify <file> <ivSessionKey> --checksum <signed> [--key pub | --key-data pem] [--json]\n       ${BIN} verify --manifest manifest.json --files DIR [--iv-session-key KEY] [--key pub | --key-data pem] [--json]`,
    positionals: [
      { name: 'file', required: false, description: 'The encrypted zip, as devices download it (not with --manifest).' },
      { name: 'ivSessionKey', required: false, description: 'base64(IV):base64(session key) (not with --manifest).' },
    ],
    options: [
      ...PUBLIC_KEY_OPTIONS,
      { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum devices receive (required for a bundle).' },
      {
        name: 'manifest',
        type: 'string',
        value: 'path',
        description: 'A delta manifest: JSON array of {file_name, file_hash, ...} (manifest.json, or the manifest-path output).',
      },
      {
        name: 'files',
        type: 'string',
        value: 'dir',
        description: 'With --manifest: the folder of delta files, each as {sha256}_{file_name} (the delta/ folder) or as {file_name}.',
      },
      {
        name: 'iv-session-key',
        type: 'string',
        value: 'key',
        description:
          "With --manifest: the update's session_key (the bundle's iv-session-key output); required when file_hash values are signed.",
      },
    ],
    details: `Without --key the public key is the one devices carry: plugins.CapacitorUpdater.publicKey of the
capacitor config here, else ./.capgo_key_v2.pub.
A manifest whose file_hash values are plain SHA-256 hex and no --iv-session-key is checked as an
unencrypted delta (updaters before 6.14.4).
Example: ${BIN} verify --manifest out/com.example.app_1.2.3/manifest.json --files out/com.example.app_1.2.3/delta --iv-session-key "$IV_SESSION_KEY"`,
  },
  async run(context) {
    if (str(context, 'manifest') !== undefined || str(context, 'files') !== undefined) return verifyManifestCommand(context)
    if (context.positionals.length < 2) throw new UsageError(context.positionals.length ? 'missing <ivSessionKey>' : 'missing <file>')
    const checksum = str(context, 'checksum')
    if (!checksum) throw new UsageError('missing --checksum')
    const { file, key, keyId } = await bundleAndKey(context, ['config', 'file'])
    try {
      const result = await verifyBundle({ file, ivSessionKey: context.positionals[1], checksum, publicKey: key.text })
      return {
        json: { accepted: true, checksum: result.sha256, checksumFormat: result.checksumFormat, zipSize: result.zipSize, keyId },
        text: [
          `Devices would accept this bundle: the session key decrypts with ${key.source} (key id ${keyId}), the ${result.checksumFormat?.toUpperCase()} checksum matches SHA-256 ${result.sha256}, and it unzips.`,
        ],
      }
    } catch (error) {
      if (!(error instanceof DeviceRejection)) throw error
      return {
        json: { accepted: false, reason: error.reason, error: error.code, message: error.message, keyId },
        text: [],
        exitCode: 1,
        error: `${error.message} (public key: ${key.source}, key id ${keyId})`,
      }
    }
  },
}

const SHA256_HEX = /^[0-9a-f]{64}$/

interface RawEntry {
  file_name?: unknown
  file_hash?: unknown
}

async function verifyManifestCommand(context: Context): Promise<CommandResult> {
  const manifestPath = str(context, 'manifest')
  const filesDir = str(context, 'files')
  if (!manifestPath) throw new UsageError('--files needs --manifest')
  if (!filesDir) throw new UsageError('--manifest needs --files (the folder of delta files)')
  if (context.positionals.length)
    throw new UsageError(`unexpected argument ${context.positionals[0]}: --manifest takes no <file> <ivSessionKey>; pass --iv-session-key`)
  const dir = resolve(context.cwd, filesDir)
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new BundleError('files_missing', `--files ${filesDir} is not a folder.`, 'files')
  const raw = await readManifest(resolve(context.cwd, manifestPath), manifestPath)

  const ivSessionKey = str(context, 'iv-session-key')
  const signed = raw.some((entry) => !SHA256_HEX.test(entry.file_hash))
  if (signed && !ivSessionKey)
    throw new UsageError(
      "this manifest has signed file_hash values: pass --iv-session-key (the bundle's iv-session-key output, the update's session_key)",
    )
  const key = ivSessionKey ? await publicKeyFrom(context, ['config', 'file']) : undefined
  if (ivSessionKey && !key)
    throw new UsageError(
      `no public key: pass --key PATH or --key-data PEM, set ${PUBLIC_KEY_ENV}, or run where .capgo_key_v2.pub or a capacitor config with publicKey is`,
    )
  const publicKey = key ? parsePublicKey(key.text, key.source, 'key') : undefined
  const keyId = publicKey ? keyIdOf(publicKey.pkcs1Pem) : undefined

  const entries: ManifestEntryToCheck[] = []
  for (const entry of raw)
    entries.push({ fileName: entry.file_name, fileHash: entry.file_hash, path: await locate(dir, entry, publicKey?.key) })
  const by = key ? ` (public key: ${key.source}, key id ${keyId})` : ''
  try {
    const result = await verifyManifest({ entries, ivSessionKey, publicKey: key?.text })
    return {
      json: {
        accepted: true,
        entries: result.entries,
        encrypted: ivSessionKey !== undefined,
        downloadBytes: result.downloadBytes,
        installedBytes: result.installedBytes,
        ...(keyId ? { keyId } : {}),
      },
      text: [
        `Devices would accept this delta update: ${result.entries} entries pass the path rules, ${ivSessionKey ? `decrypt with the session key and match their signed file_hash${by}` : 'match their plain SHA-256 file_hash (unencrypted)'}; ${result.downloadBytes} bytes to download, ${result.installedBytes} installed.`,
      ],
    }
  } catch (error) {
    if (!(error instanceof ManifestRejection)) throw error
    return {
      json: {
        accepted: false,
        reason: error.reason,
        error: error.code,
        fileName: error.fileName,
        message: error.message,
        ...(keyId ? { keyId } : {}),
      },
      text: [],
      exitCode: 1,
      error: `${error.message}${by}`,
    }
  }
}

async function readManifest(path: string, given: string): Promise<{ file_name: string; file_hash: string }[]> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new BundleError('manifest_missing', `--manifest ${given} cannot be read.`, 'manifest')
  })
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new BundleError('manifest_invalid', `--manifest ${given} is not JSON (${(error as Error).message}).`, 'manifest')
  }
  // set_manifest's body wraps the entries; manifest.json is the bare array.
  const list = Array.isArray(parsed) ? parsed : (parsed as { manifest?: unknown } | null)?.manifest
  if (!Array.isArray(list))
    throw new BundleError('manifest_invalid', `--manifest ${given} is not a JSON array of {file_name, file_hash} entries.`, 'manifest')
  return list.map((entry: RawEntry, index) => {
    if (typeof entry?.file_name !== 'string' || typeof entry.file_hash !== 'string') {
      throw new BundleError('manifest_invalid', `--manifest ${given}: entry ${index} has no string file_name and file_hash.`, 'manifest')
    }
    return { file_name: entry.file_name, file_hash: entry.file_hash }
  })
}

/** `{sha256}_{file_name}` (the delta/ layout; the hash recovered from file_hash when signed), else `{file_name}`; a missing file is what a failed download would be. */
async function locate(
  dir: string,
  entry: { file_name: string; file_hash: string },
  publicKey: ReturnType<typeof parsePublicKey>['key'] | undefined,
): Promise<string> {
  let sha256: string | undefined = SHA256_HEX.test(entry.file_hash) ? entry.file_hash : undefined
  if (!sha256 && publicKey) {
    try {
      sha256 = recoverChecksum(publicKey, entry.file_hash).expectedSha256
    } catch {
      // verifyManifest reports the file_hash itself.
    }
  }
  // Names are checked by verifyManifest before any read; a hostile name must not reach outside dir here either.
  const safe = !entry.file_name.split('/').includes('..') && !entry.file_name.startsWith('/') && !entry.file_name.includes('\\')
  if (safe && sha256) {
    const layout = join(dir, `${sha256}_${entry.file_name}`)
    if ((await stat(layout).catch(() => undefined))?.isFile()) return layout
  }
  return safe ? join(dir, entry.file_name) : join(dir, '.refused-name')
}
