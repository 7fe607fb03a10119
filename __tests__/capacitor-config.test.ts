import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCapacitorConfig } from '../src/bundle/capacitor-config.js'
import { keyPair, removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

describe('capacitor.config.ts is read as source, never run', () => {
  it('takes publicKey from plugins.CapacitorUpdater, not from another plugin or a comment', async () => {
    const { publicPem } = keyPair()
    const other = keyPair(1).publicPem
    const dir = await tempDir()
    const path = join(dir, 'capacitor.config.ts')
    await writeFile(
      path,
      `import type { CapacitorConfig } from '@capacitor/cli';
// publicKey: 'not this one'
const config: CapacitorConfig = {
  appId: "com.example.source",
  appName: 'Source',
  webDir: \`build\`,
  plugins: {
    SomethingElse: { publicKey: ${JSON.stringify(other)} },
    CapacitorUpdater: {
      autoUpdate: true,
      publicKey: '${publicPem.replace(/\n/g, '\\n')}',
    },
  },
};
export default config;
`,
    )
    const config = await readCapacitorConfig(path)
    expect(config).toEqual({ path, appId: 'com.example.source', webDir: 'build', publicKey: publicPem, autoUpdate: true })
  })

  it('gives undefined for values that are not plain strings', async () => {
    const dir = await tempDir()
    const path = join(dir, 'capacitor.config.ts')
    await writeFile(path, "const id = 'x'\nexport default { appId: id, webDir: `${'dist'}` }\n")
    const config = await readCapacitorConfig(path)
    expect(config.appId).toBeUndefined()
    expect(config.webDir).toBeUndefined()
  })
})
