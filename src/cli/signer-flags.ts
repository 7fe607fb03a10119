import { resolve } from 'node:path'
import { findCapacitorConfig, readCapacitorConfig } from '../bundle/capacitor-config.js'
import { remoteSignerSettings, type SignerInputs } from '../plan.js'
import { openSigner, probeSigner, SIGNER_KINDS, signingKeyOf, type RemoteSignerSettings } from '../signers/index.js'
import type { SigningKey } from '../types.js'
import { str, type Context, type OptionSpec } from './command.js'

export const PKCS11_PIN_ENV = 'CAPGO_PKCS11_PIN'

const flag = (name: string, description: string, value = 'value'): OptionSpec => ({ name, type: 'string', value, description })

/** The PKCS#11 flags, shared by `key create --pkcs11` and every signing command. */
export const PKCS11_FLAGS: OptionSpec[] = [
  flag('pkcs11-module', 'PKCS#11 library path.', 'path'),
  flag('pkcs11-token-label', 'Token label.', 'label'),
  flag('pkcs11-slot', 'Slot number, instead of the token label.', 'n'),
  flag('pkcs11-key-label', 'Private key label.', 'label'),
  flag('pkcs11-key-id', 'Private key id (hex), instead of the label.', 'hex'),
  flag('pkcs11-pin', `User PIN (prefer ${PKCS11_PIN_ENV}: argv is visible to other users).`, 'pin'),
]

/** Flags of the same names as the action's signer inputs. */
export const SIGNER_FLAGS: OptionSpec[] = [
  {
    name: 'signer',
    type: 'string',
    value: 'kind',
    choices: SIGNER_KINDS,
    description: 'Where the private-key operation happens (default key: --key / --key-data).',
  },
  flag('public-key', "PEM public key of the signing key (default: what the signer reports, else the config's).", 'pem'),
  ...PKCS11_FLAGS,
  flag('gcp-kms-key', 'Cloud KMS key version, projects/…/cryptoKeyVersions/N.', 'name'),
  flag('gcp-kms-endpoint', 'Cloud KMS endpoint.', 'url'),
  flag('signer-command', 'Program and arguments, one per line (run without a shell).', 'lines'),
]

/** The PIN from --pkcs11-pin or CAPGO_PKCS11_PIN, masked before anything can print it. */
function pin(context: Context): string | undefined {
  const value = str(context, 'pkcs11-pin') ?? (context.env[PKCS11_PIN_ENV]?.trim() || undefined)
  if (value) context.logger.secret(value)
  return value
}

export function signerInputsFrom(context: Context): SignerInputs {
  return {
    signer: (str(context, 'signer') ?? 'key') as SignerInputs['signer'],
    pkcs11: {
      module: str(context, 'pkcs11-module'),
      tokenLabel: str(context, 'pkcs11-token-label'),
      slot: str(context, 'pkcs11-slot'),
      keyLabel: str(context, 'pkcs11-key-label'),
      keyId: str(context, 'pkcs11-key-id'),
      pin: pin(context),
    },
    gcpKms: { key: str(context, 'gcp-kms-key'), endpoint: str(context, 'gcp-kms-endpoint') },
    signerCommand: str(context, 'signer-command'),
  }
}

/** Checked PKCS#11 settings for `key create --pkcs11`. */
export async function pkcs11SettingsFrom(context: Context): Promise<Extract<RemoteSignerSettings, { kind: 'pkcs11' }>['pkcs11']> {
  const settings = await remoteSignerSettings({ ...signerInputsFrom(context), signer: 'pkcs11' }, { workspace: context.cwd })
  return (settings as Extract<RemoteSignerSettings, { kind: 'pkcs11' }>).pkcs11
}

/**
 * With --signer pkcs11 | gcp-kms | command: the signer, its public key (as
 * reported, else --public-key, else the capacitor config's) and one checked
 * test signature. Undefined for --signer key: the caller reads the private key.
 */
export async function remoteSigningKey(context: Context): Promise<SigningKey | undefined> {
  const settings = await remoteSignerSettings(signerInputsFrom(context), { workspace: context.cwd })
  if (!settings) return undefined
  const configPath = str(context, 'capacitor-config') ?? (await findCapacitorConfig(context.cwd))
  const config = configPath ? await readCapacitorConfig(resolve(context.cwd, configPath)).catch(() => undefined) : undefined
  const signer = await openSigner(settings, context.logger)
  const key = await signingKeyOf(signer, {
    publicKey: str(context, 'public-key'),
    configKey: config?.publicKey ? { text: config.publicKey, path: config.path } : undefined,
  })
  await probeSigner(key)
  context.logger.info(`Signing with ${signer.description}, key id ${key.keyId}`)
  return key
}
