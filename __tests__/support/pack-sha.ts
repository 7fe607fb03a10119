// Packs a build directory in a fresh process and prints the zip's SHA-256, so
// tests can vary the time zone and the process.
import { parsePrivateKey } from '../../src/bundle/keys.js'
import { packBundle } from '../../src/bundle/pack.js'
import { keyPair, recordingLogger } from './fixtures.js'

const [buildDir, outputDir] = process.argv.slice(2)
const key = parsePrivateKey(keyPair().privatePem, recordingLogger())
const bundle = await packBundle(
  { buildDir, outputDir, appId: 'com.example.repro', version: '1.0.0', key, checksumFormat: 'v3' },
  recordingLogger(),
)
process.stdout.write(bundle.sha256)
