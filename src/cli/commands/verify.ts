import { DeviceRejection, verifyBundle } from '../../bundle/verify.js'
import { BIN, str, UsageError, type Command } from '../command.js'
import { bundleAndKey, PUBLIC_KEY_OPTIONS } from './decrypt.js'

export const verify: Command = {
  spec: {
    brief: 'Exit 0 if devices would accept a bundle, 1 naming the check they would fail',
    name: 'verify',
    summary: 'Check an encrypted bundle exactly as a device would, writing nothing: exit 0 when devices accept it, 1 with the failure devices report (decrypt_fail, checksum_fail, unzip_fail) when they would not.',
    usage: `${BIN} verify <file> <ivSessionKey> --checksum <signed> [--key pub | --key-data pem] [--json]`,
    positionals: [
      { name: 'file', required: true, description: 'The encrypted zip, as devices download it.' },
      { name: 'ivSessionKey', required: true, description: 'base64(IV):base64(session key).' },
    ],
    options: [...PUBLIC_KEY_OPTIONS, { name: 'checksum', type: 'string', value: 'signed', description: 'The signed checksum devices receive (required).' }],
    details: `Without --key the public key is the one devices carry: plugins.CapacitorUpdater.publicKey of the
capacitor config here, else ./.capgo_key_v2.pub.`,
  },
  async run(context) {
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
