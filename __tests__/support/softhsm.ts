import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { tempDir } from './fixtures.js'

const run = promisify(execFile)

const MODULES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
]
export const SOFTHSM_MODULE = MODULES.find((path) => existsSync(path))

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, program)))
}

/** Why the PKCS#11 tests cannot run here, or undefined when SoftHSM2 and OpenSC are installed (.ci/run installs them as root). */
export const SOFTHSM_MISSING = !SOFTHSM_MODULE
  ? 'SoftHSM2 is not installed (apt-get install -y softhsm2 opensc; .ci/run does it when root)'
  : !onPath('pkcs11-tool') || !onPath('softhsm2-util')
    ? 'OpenSC pkcs11-tool or softhsm2-util is not on PATH (apt-get install -y softhsm2 opensc)'
    : undefined

export const TOKEN_LABEL = 'capgo-test'
export const USER_PIN = '314159'
const SO_PIN = '271828'

export interface Token {
  module: string
  dir: string
  /** The key pkcs11-tool generated inside the token: RSA-2048, label capgo-key, id 01. */
  label: string
}

async function tool(args: string[]): Promise<void> {
  // Test setup only: the test PIN on this argv is not a secret.
  await run('pkcs11-tool', ['--module', SOFTHSM_MODULE!, '--token-label', TOKEN_LABEL, '--login', '--pin', USER_PIN, ...args])
}

/**
 * A fresh SoftHSM2 token for this test run, in a temp dir (SOFTHSM2_CONF is
 * set for this process and inherited by every pkcs11-tool it starts), with
 * an RSA-2048 key, an EC key and an RSA-4096 key generated inside it.
 */
export async function makeToken(): Promise<Token> {
  const dir = await tempDir('capgo-softhsm-')
  await mkdir(join(dir, 'tokens'))
  const conf = join(dir, 'softhsm2.conf')
  await writeFile(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`)
  process.env.SOFTHSM2_CONF = conf
  await run('softhsm2-util', ['--init-token', '--free', '--label', TOKEN_LABEL, '--so-pin', SO_PIN, '--pin', USER_PIN])
  await tool(['--keypairgen', '--key-type', 'rsa:2048', '--label', 'capgo-key', '--id', '01', '--usage-sign'])
  await tool(['--keypairgen', '--key-type', 'EC:prime256v1', '--label', 'ec-key', '--id', '02', '--usage-sign'])
  await tool(['--keypairgen', '--key-type', 'rsa:4096', '--label', 'big-key', '--id', '03', '--usage-sign'])
  return { module: SOFTHSM_MODULE!, dir, label: 'capgo-key' }
}

/** The public key of a token key as PKCS#1 PEM, read the way an operator would. */
export async function tokenPublicKey(id: string): Promise<Buffer> {
  const { stdout } = await run(
    'pkcs11-tool',
    ['--module', SOFTHSM_MODULE!, '--token-label', TOKEN_LABEL, '--read-object', '--type', 'pubkey', '--id', id],
    { encoding: 'buffer' },
  )
  return stdout
}
