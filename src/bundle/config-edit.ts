import { readFile, writeFile } from 'node:fs/promises'
import { BundleError } from '../errors.js'
import { readCapacitorConfig } from './capacitor-config.js'
import { configObject, parseSource, propertyIn, readSourceString } from './config-source.js'
import { parsePublicKey, REQUIRED_MODULUS_BITS, type PublicKeyInfo } from './keys.js'

export interface SavedKey {
  configPath: string
  keyId: string
  /** Key id of the key the config held before, when it held one. */
  previousKeyId?: string
  /** False when the config already held this exact key. */
  changed: boolean
}

/**
 * Refuses what devices cannot use, before it reaches an app: an SPKI key makes
 * Android skip decryption silently (the update then dies with checksum_fail),
 * and iOS only handles 2048-bit keys. `source` names the key for messages.
 */
export function checkAppPublicKey(text: string, source: string): PublicKeyInfo {
  if (/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    throw new BundleError(
      'key_is_private',
      `${source} is a private key. The app carries the public key (.capgo_key_v2.pub); the private key must never ship in an app.`,
      'key',
    )
  }
  const info = parsePublicKey(text, source, 'key')
  if (info.form !== 'pkcs1') {
    throw new BundleError(
      'key_not_pkcs1',
      `${source} is an SPKI key ("BEGIN PUBLIC KEY"), not PKCS#1 ("BEGIN RSA PUBLIC KEY"): Android skips decryption with it silently and the update then fails its checksum. Convert it with "openssl rsa -pubin -in KEY -RSAPublicKey_out", or use the .capgo_key_v2.pub written by "key create".`,
      'key',
    )
  }
  const bits = info.key.asymmetricKeyDetails?.modulusLength
  if (info.key.asymmetricKeyType !== 'rsa' || bits !== REQUIRED_MODULUS_BITS) {
    throw new BundleError(
      'key_size',
      `${source} is a ${bits}-bit key; iOS only decrypts with RSA-2048. Create a pair with "capgo-bundle key create".`,
      'key',
    )
  }
  return info
}

/**
 * Writes plugins.CapacitorUpdater.publicKey. JSON keeps its key order and
 * indentation; a .ts/.js config is edited in place, so its comments, imports
 * and layout survive (the official CLI regenerates the file and loses them).
 * The result is read back before it is written: a file this cannot edit
 * safely is left untouched, with a message saying what to do by hand.
 */
export async function savePublicKey(
  configPath: string,
  publicKeyText: string,
  options: { source?: string; force?: boolean } = {},
): Promise<SavedKey> {
  const info = checkAppPublicKey(publicKeyText, options.source ?? 'the public key')
  const before = await readCapacitorConfig(configPath, 'config')
  const previous = before.publicKey ? tryKeyId(before.publicKey) : undefined
  if (before.publicKey === info.pkcs1Pem) return { configPath, keyId: info.keyId, previousKeyId: previous, changed: false }
  // Same key written in another form (SPKI, spaces): rewriting it is a repair, not a rotation.
  const sameKey = before.publicKey !== undefined && tryPkcs1(before.publicKey) === info.pkcs1Pem
  if (before.publicKey && !sameKey && !options.force) {
    throw new BundleError(
      'key_in_config',
      `${configPath} already carries another public key (key id ${previous ?? 'unreadable'}); replacing it with key id ${info.keyId} means apps built from now on reject bundles signed with the old private key. Pass --force to replace it (key rotation).`,
      'force',
    )
  }

  const text = await readFile(configPath, 'utf8')
  const edited = configPath.endsWith('.json') ? editJson(text, info.pkcs1Pem, configPath) : editSource(text, info.pkcs1Pem, configPath)

  const check = configPath.endsWith('.json')
    ? JSON.parse(edited).plugins?.CapacitorUpdater?.publicKey
    : readSourceString(edited, ['plugins', 'CapacitorUpdater', 'publicKey'])
  if (check !== info.pkcs1Pem) {
    throw new BundleError(
      'config_not_editable',
      `${configPath}: could not place the key safely; set plugins.CapacitorUpdater.publicKey by hand to the contents of the .pub file.`,
      'config',
    )
  }
  await writeFile(configPath, edited)
  return { configPath, keyId: info.keyId, previousKeyId: previous, changed: true }
}

function tryKeyId(text: string): string | undefined {
  try {
    return parsePublicKey(text, 'config').keyId
  } catch {
    return undefined
  }
}

function tryPkcs1(text: string): string | undefined {
  try {
    return parsePublicKey(text, 'config').pkcs1Pem
  } catch {
    return undefined
  }
}

function editJson(text: string, pem: string, path: string): string {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch (error) {
    throw new BundleError('config_invalid', `${path} is not valid JSON (${(error as Error).message}).`, 'config')
  }
  const plugins = objectAt(json, 'plugins', path)
  const updater = objectAt(plugins, 'CapacitorUpdater', path)
  updater.publicKey = pem
  const indent = /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? (text.includes('\n') ? '  ' : '')
  return JSON.stringify(json, null, indent) + (text.endsWith('\n') ? '\n' : '')
}

function objectAt(parent: Record<string, unknown>, name: string, path: string): Record<string, unknown> {
  const value = parent[name] ?? (parent[name] = {})
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleError('config_not_editable', `${path}: ${name} is not an object; fix it before saving the key.`, 'config')
  }
  return value as Record<string, unknown>
}

function lineIndent(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart))![0]
}

function editSource(text: string, pem: string, path: string): string {
  const source = parseSource(text)
  const refuse = (why: string): never => {
    throw new BundleError(
      'config_not_editable',
      `${path}: ${why}; set plugins.CapacitorUpdater.publicKey by hand to the contents of the .pub file.`,
      'config',
    )
  }
  const root = configObject(source) ?? refuse('no object literal with appId or webDir was found')
  // Follow the file's quote style; a PEM holds no quotes or backslashes, only newlines to escape.
  const appIdToken = source.tokens[(propertyIn(source, root, 'appId') ?? -3) + 2]
  const quote = appIdToken?.kind === 'string' ? appIdToken.text[0] : "'"
  const literal = quote + JSON.stringify(pem).slice(1, -1) + quote

  const rootIndent = lineIndent(text, source.tokens[root].start)
  const firstInner = source.tokens[root + 1]
  const unit =
    firstInner && text.slice(source.tokens[root].end, firstInner.start).includes('\n')
      ? lineIndent(text, firstInner.start).slice(rootIndent.length) || '  '
      : '  '

  const chain: [number, string][] = [[root, 'plugins']]
  let open = root
  for (const name of ['plugins', 'CapacitorUpdater']) {
    const key = propertyIn(source, open, name)
    if (key === undefined) break
    if (source.tokens[key + 2]?.text !== '{') refuse(`${name} is not written as an object literal`)
    open = key + 2
    chain.push([open, name === 'plugins' ? 'CapacitorUpdater' : 'publicKey'])
  }
  const [target, missing] = chain[chain.length - 1]

  if (missing === 'publicKey') {
    const key = propertyIn(source, target, 'publicKey')
    if (key !== undefined) {
      const value = source.tokens[key + 2]
      const end = source.tokens[key + 3]
      const plain = value?.kind === 'string' || (value?.kind === 'template' && !value.text.includes('${'))
      if (!plain || (end?.text !== ',' && end?.text !== '}')) refuse('publicKey is not a plain string literal')
      return text.slice(0, value.start) + literal + text.slice(value.end)
    }
  }

  // Build the missing part of plugins.CapacitorUpdater.publicKey and insert it as the object's first property.
  const names = ['plugins', 'CapacitorUpdater', 'publicKey']
  const rest = names.slice(names.indexOf(missing))
  const objectIndent = lineIndent(text, source.tokens[target].start)
  const build = (index: number, indent: string): string => {
    if (index === rest.length - 1) return `${rest[index]}: ${literal}`
    return `${rest[index]}: {\n${indent}${unit}${build(index + 1, indent + unit)},\n${indent}}`
  }
  const childIndent = objectIndent + unit
  const property = build(0, childIndent)
  const openToken = source.tokens[target]
  const after = source.tokens[target + 1]
  if (after.text === '}') {
    return `${text.slice(0, openToken.end)}\n${childIndent}${property},\n${objectIndent}${text.slice(after.start)}`
  }
  const between = text.slice(openToken.end, after.start)
  if (!between.includes('\n')) return `${text.slice(0, openToken.end)} ${property},${text.slice(openToken.end)}`
  // Below a trailing comment on the brace's line, so the comment stays where it was.
  const lineEnd = between.includes('/*') ? openToken.end : text.indexOf('\n', openToken.end)
  return `${text.slice(0, lineEnd)}\n${childIndent}${property},${text.slice(lineEnd)}`
}
