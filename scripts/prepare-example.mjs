// node scripts/prepare-example.mjs <dir>
// For the e2e workflow: lays out the example app in <dir> with the public half
// of the CAPGO_PRIVATE_KEY secret (read from the environment, never argv).
import { resolve } from 'node:path'
import { prepareExample, publicPemOf } from './lib/example.mjs'

const dir = process.argv[2]
const secret = process.env.CAPGO_PRIVATE_KEY
if (!dir || !secret) {
  console.error('usage: CAPGO_PRIVATE_KEY=<pem> node scripts/prepare-example.mjs <dir> (is the environment secret CAPGO_PRIVATE_KEY set?)')
  process.exit(2)
}
// Secrets stores often keep newlines as literal \n.
await prepareExample(resolve(dir), publicPemOf(secret.trim().replace(/\\n/g, '\n')))
console.log(`example app ready in ${resolve(dir)}`)
