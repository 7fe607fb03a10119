import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findUpdaterVersion } from '../src/bundle/checksum-format.js'
import { appVersion, packageVersion, readPackageJson } from '../src/package-json.js'
import { removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

async function folder(packageJson?: string): Promise<string> {
  const dir = await tempDir()
  if (packageJson !== undefined) await writeFile(join(dir, 'package.json'), packageJson)
  return dir
}

describe('package-json: one reader for the app version and installed versions', () => {
  it('reads a JSON object only; missing, broken, null and array files are none', async () => {
    const dir = await folder('{"name":"a","version":"1.2.3"}')
    expect(readPackageJson(dir)).toEqual({ path: join(dir, 'package.json'), manifest: { name: 'a', version: '1.2.3' } })
    for (const text of [undefined, '{', 'null', '["1.0.0"]', '"1.0.0"']) expect(readPackageJson(await folder(text))).toBeUndefined()
  })

  it('hands the version on as written, for the caller to judge; a non-string version is none', async () => {
    expect(packageVersion(await folder('{"version":"v2.0.0-beta"}'))?.version).toBe('v2.0.0-beta')
    expect(packageVersion(await folder('{"version":""}'))?.version).toBe('')
    expect(packageVersion(await folder('{"version":2}'))).toBeUndefined()
  })

  it('the app version comes from the first folder that has one', async () => {
    const none = await folder('{"name":"no-version"}')
    const second = await folder('{"version":"3.4.5"}')
    const third = await folder('{"version":"9.9.9"}')
    expect(appVersion([none, second, third])).toEqual({ version: '3.4.5', path: join(second, 'package.json') })
    expect(appVersion([none])).toBeUndefined()
  })

  it("the updater's version: installed first (an invalid one is skipped), else the lowest its range allows", async () => {
    const project = await folder('{"dependencies":{"@capgo/capacitor-updater":"^7.2.0"}}')
    const installed = join(project, 'node_modules', '@capgo', 'capacitor-updater')
    await mkdir(installed, { recursive: true })
    await writeFile(join(installed, 'package.json'), '{"version":"not-semver"}')
    expect(await findUpdaterVersion([project])).toEqual({
      version: '7.2.0',
      source: `@capgo/capacitor-updater "^7.2.0" in ${join(project, 'package.json')} (lowest allowed 7.2.0)`,
    })
    await writeFile(join(installed, 'package.json'), '{"version":"7.30.1"}')
    expect(await findUpdaterVersion([project])).toEqual({ version: '7.30.1', source: 'installed @capgo/capacitor-updater 7.30.1' })
  })
})
