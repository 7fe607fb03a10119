// Builds an attacker (or an unlucky user) could hand the action: secrets inside,
// links that branch or loop, names devices cannot store, special files, sizes
// past the zip format. Each is refused with one line naming the file.
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cp, mkdir, open, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { checkBuild } from '../src/bundle/build.js'
import { packFailure } from '../src/bundle/fs-errors.js'
import { parsePrivateKey } from '../src/bundle/keys.js'
import { packBundle } from '../src/bundle/pack.js'
import { verifyBundle } from '../src/bundle/verify.js'
import { BundleError } from '../src/errors.js'
import { runFromInputs } from '../src/pipeline.js'
import { EXAMPLE_APP, inputsFrom, keyPair, makeProject, recordingLogger, removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

const { privatePem, publicPem } = keyPair()

async function build(): Promise<string> {
  const dir = await tempDir('capgo-build-')
  await cp(join(EXAMPLE_APP, 'www'), dir, { recursive: true })
  return dir
}

async function rejection(work: Promise<unknown>): Promise<BundleError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BundleError)
  expect((error as BundleError).message.split('\n')).toHaveLength(1)
  return error as BundleError
}

const walk = (dir: string, options = {}) => checkBuild(dir, true, recordingLogger(), options)

/** The whole action on a project whose build folder is `www`, bundle written to `out`. */
async function runAction(workspace: string, values: Record<string, string> = {}) {
  const out = join(workspace, 'out')
  const run = runFromInputs(
    inputsFrom({ storage: 'local', 'private-key': privatePem, 'output-dir': out, ...values }),
    recordingLogger(),
    { GITHUB_WORKSPACE: workspace },
    workspace,
  )
  return { run, out }
}

describe('secrets inside the build are never shipped (secret_in_build)', () => {
  it('a private key file is refused as the pack reads it, before any key byte is written, and nothing is left', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await writeFile(join(workspace, 'www', '.capgo_key_v2'), privatePem)
    const { run, out } = await runAction(workspace)
    const error = await rejection(run)
    expect(error.code).toBe('secret_in_build')
    expect(error.message).toContain('.capgo_key_v2')
    expect(error.input).toBe('path')
    expect(await readdir(out).catch(() => [])).toEqual([])
  })

  it('finds every kind of PEM private key, also split across read chunks of a large file', async () => {
    const kinds = [
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n',
      // Inside a JS string, newlines escaped, as a bundler would inline it.
      `const key = "${privatePem.trim().replace(/\n/g, '\\n')}"`,
    ]
    const key = parsePrivateKey(privatePem, recordingLogger())
    for (const [i, pem] of kinds.entries()) {
      const dir = await build()
      await writeFile(join(dir, `assets/k${i}.txt`), `prefix ${pem}`)
      const error = await rejection(
        packBundle(
          { buildDir: dir, appId: 'com.example.x', version: '1.0.0', outputDir: await tempDir(), key, checksumFormat: 'v3' },
          recordingLogger(),
        ),
      )
      expect(error.code).toBe('secret_in_build')
      expect(error.message).toContain(`assets/k${i}.txt`)
    }
    // Over the size read whole (8 MiB): streamed in 256 KiB chunks, the header straddling a chunk boundary.
    const header = privatePem.indexOf('\n')
    const cuts: [string, number][] = [
      ['assets/big.js', 256 * 1024 - 20],
      ['assets/big.png', 256 * 1024 - 20],
      // The header ends exactly where the first chunk does; the body starts the next one.
      ['assets/big2.js', 256 * 1024 - header],
      ['assets/big2.png', 256 * 1024 - header - 5],
    ]
    for (const [name, at] of cuts) {
      const dir = await build()
      const big = Buffer.alloc(9 * 1024 * 1024, 0x61)
      big.write(privatePem, at, 'latin1')
      await writeFile(join(dir, name), big)
      const out = await tempDir()
      const error = await rejection(
        packBundle(
          { buildDir: dir, appId: 'com.example.x', version: '1.0.0', outputDir: out, key, checksumFormat: 'v3' },
          recordingLogger(),
        ),
      )
      expect(error.code).toBe('secret_in_build')
      expect(error.message).toContain(name)
      expect(await readdir(out)).toEqual([])
    }
  })

  it('a header without a key body (PEM parsers), an END line alone, or prose about private keys is not a key', async () => {
    const dir = await build()
    // A PEM library looks for the header without holding a key; prose mentions it; an END line alone is no key.
    const code =
      'notifyAppReady(); if (s.indexOf("-----BEGIN RSA PRIVATE KEY-----") != -1) parse(s)\n// paste your PRIVATE KEY----- here\n-----END RSA PRIVATE KEY-----\n'
    await writeFile(join(dir, 'assets/doc.js'), code)
    const key = parsePrivateKey(privatePem, recordingLogger())
    await expect(
      packBundle(
        { buildDir: dir, appId: 'com.example.x', version: '1.0.0', outputDir: await tempDir(), key, checksumFormat: 'v3' },
        recordingLogger(),
      ),
    ).resolves.toBeTruthy()
  })

  for (const name of ['.git/config', '.git', '.env', '.env.production', 'assets/.npmrc', 'nested/.env.local']) {
    it(`${name} is refused in the plan, by name`, async () => {
      const dir = await build()
      await mkdir(join(dir, name, '..'), { recursive: true })
      await writeFile(join(dir, name), 'x')
      const error = await rejection(walk(dir))
      expect(error.code).toBe('secret_in_build')
      expect(error.message).toContain(name.replace('/config', ''))
    })
  }

  it("the signing key's own file is refused by real path, whatever it is called and however it is reached", async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    await writeFile(join(workspace, 'www', 'assets', 'notes.txt'), privatePem)
    await symlink(join(workspace, 'www', 'assets'), join(workspace, 'keys'))
    const { run } = await runAction(workspace, { 'private-key': '', 'private-key-path': 'keys/notes.txt' })
    const error = await rejection(run)
    expect(error.code).toBe('secret_in_build')
    expect(error.message).toMatch(/assets\/notes\.txt is the signing key file/)
  })
})

describe('exclude', () => {
  it('leaves files out unread: dot names with *, folders with or without /**, and an excluded key file is fine', async () => {
    const workspace = await makeProject({ publicKey: publicPem, updaterVersion: '8.1.0' })
    const www = join(workspace, 'www')
    await mkdir(join(www, '.git', 'objects'), { recursive: true })
    await writeFile(join(www, '.git', 'config'), 'token')
    await writeFile(join(www, '.env'), 'SECRET=1')
    await writeFile(join(www, '.capgo_key_v2'), privatePem)
    await mkdir(join(www, 'maps', 'deep'), { recursive: true })
    await writeFile(join(www, 'maps', 'deep', 'a.js.map'), '{}')
    await writeFile(join(www, 'assets', 'app.js.map'), '{}')
    // Excluded, so never looked at: a FIFO and a link out of the build would be refused otherwise.
    await promisify(execFile)('mkfifo', [join(www, 'maps', 'pipe')])
    await symlink('/etc', join(www, 'maps', 'outside'))
    const exclude = ['.git/**', '*env', '*key_v2', 'maps', '**/*.map']
    const { run } = await runAction(workspace, { exclude: exclude.join('\n') })
    const { result } = await run
    const plain = join(workspace, 'plain.zip')
    await verifyBundle({
      file: result.bundle.path,
      ivSessionKey: result.bundle.ivSessionKey,
      checksum: result.bundle.checksum,
      publicKey: publicPem,
      writeTo: plain,
    })
    const zip = await readFile(plain)
    for (const name of ['.git', '.env', '.capgo_key_v2', 'maps/', '.map']) expect(zip.includes(Buffer.from(name))).toBe(false)
    expect(zip.includes(Buffer.from('index.html'))).toBe(true)
    expect(result.bundle.fileCount).toBe((await walk(www, { exclude })).files.length)
  })

  it('refuses negation and patterns leaving the build folder, naming exclude', async () => {
    const dir = await build()
    for (const pattern of ['!x', '../x']) {
      const error = await rejection(walk(dir, { exclude: [pattern] }))
      expect(error.input).toBe('exclude')
    }
  })
})

describe('links: the walk is linear', () => {
  it('22 levels of directories that each link twice to the next are refused at once, naming both paths', async () => {
    const dir = await build()
    for (let level = 0; level < 22; level++) await mkdir(join(dir, `l${level}`))
    for (let level = 0; level < 21; level++) {
      await symlink(join(dir, `l${level + 1}`), join(dir, `l${level}`, 'a'))
      await symlink(join(dir, `l${level + 1}`), join(dir, `l${level}`, 'b'))
    }
    const error = await rejection(walk(dir))
    expect(error.code).toBe('directory_twice')
    expect(error.message).toMatch(/^path: l0(\/a)+\/b and l0(\/a)+ are the same directory/)
  })

  it('a link back to a parent is a loop', async () => {
    const dir = await build()
    await symlink(join(dir, 'assets'), join(dir, 'assets', 'again'))
    const error = await rejection(walk(dir))
    expect(error.code).toBe('symlink_loop')
    expect(error.message).toContain('assets/again')
  })
})

describe('names devices cannot store', () => {
  it('two names equal after NFC normalisation are refused, naming both', async () => {
    const dir = await build()
    await writeFile(join(dir, 'caf\u00e9.js'), 'a')
    await writeFile(join(dir, 'cafe\u0301.js'), 'b')
    const error = await rejection(walk(dir))
    expect(error.code).toBe('name_collision')
    expect(error.message).toContain('caf\u00e9.js')
    expect(error.message).toContain('cafe\u0301.js')
    expect(error.message).toContain('NFC')
  })

  it('two names equal ignoring case are refused, also a file against a folder', async () => {
    const dir = await build()
    await writeFile(join(dir, 'assets', 'Logo.png'), 'a')
    await writeFile(join(dir, 'assets', 'logo.png'), 'b')
    const error = await rejection(walk(dir))
    expect(error.code).toBe('name_collision')
    expect(error.message).toContain('assets/Logo.png and assets/logo.png differ only in letter case')
    const other = await build()
    await writeFile(join(other, 'Assets'), 'a file')
    expect((await rejection(walk(other))).code).toBe('name_collision')
  })

  it('a name that is not valid UTF-8 is refused', async () => {
    const dir = await build()
    await writeFile(Buffer.concat([Buffer.from(`${dir}/assets/caf`), Buffer.from([0xe9]), Buffer.from('.js')]), 'x')
    const error = await rejection(walk(dir))
    expect(error.code).toBe('name_not_utf8')
    expect(error.message).toContain('assets/caf')
  })
})

describe('special files and sizes, at walk time', () => {
  it('a FIFO is refused, not skipped', async () => {
    const dir = await build()
    await promisify(execFile)('mkfifo', [join(dir, 'assets', 'pipe')])
    const error = await rejection(walk(dir))
    expect(error.code).toBe('special_file')
    expect(error.message).toContain('assets/pipe is a named pipe')
  })

  it('a socket is refused', async () => {
    const dir = await build()
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(join(dir, 'sock'), resolve))
    try {
      const error = await rejection(walk(dir))
      expect(error.code).toBe('special_file')
      expect(error.message).toContain('sock is a socket')
    } finally {
      server.close()
    }
  })

  it('a file over 4 GiB is refused while walking, naming the file and the limit', async () => {
    const dir = await build()
    const handle = await open(join(dir, 'assets', 'huge.mp4'), 'w')
    await handle.truncate(2 ** 32)
    await handle.close()
    const error = await rejection(walk(dir))
    expect(error.code).toBe('zip_too_large')
    expect(error.message).toContain('assets/huge.mp4')
    expect(error.message).toContain('4294967294 bytes')
  })

  it('the walk stops as soon as the entry limit is passed', async () => {
    const dir = await build()
    await mkdir(join(dir, 'zz'))
    // Past the limit the walk must not go on: this broken link would otherwise be the error.
    await symlink(join(dir, 'missing'), join(dir, 'zz', 'broken'))
    const error = await rejection(walk(dir, { maxEntries: 3 }))
    expect(error.code).toBe('zip_too_large')
    expect(error.message).toContain('more than 3 files')
  })

  it('path: / is refused as the file system root, not blamed on a link', async () => {
    const error = await rejection(walk('/'))
    expect(error.code).toBe('build_is_root')
    expect(error.message).not.toContain('bin')
  })
})

describe('system errors become one line', () => {
  it('a file removed mid-pack names the file', async () => {
    const dir = await build()
    const out = await tempDir()
    const files = (await walk(dir)).files.map((f) => (f.name === 'assets/app.css' ? { ...f, source: join(dir, 'gone.css') } : f))
    const key = parsePrivateKey(privatePem, recordingLogger())
    const error = await rejection(
      packBundle(
        { buildDir: dir, appId: 'com.example.x', version: '1.0.0', outputDir: out, key, checksumFormat: 'v3', files },
        recordingLogger(),
      ),
    )
    expect(error.code).toBe('build_changed')
    expect(error.message).toContain('assets/app.css disappeared')
    expect(await readdir(out)).toEqual([])
  })

  it('a full disk names output-dir and the bytes needed', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })
    const error = packFailure(full, [{ name: 'index.html', source: '/b/index.html', size: 1000 }], '/out', 512) as BundleError
    expect(error).toBeInstanceOf(BundleError)
    expect(error.code).toBe('disk_full')
    expect(error.input).toBe('output-dir')
    expect(error.message).toMatch(
      /^output-dir: the disk holding \/out is full \(ENOSPC\) after 512 bytes; the bundle needs up to \d+ bytes there/,
    )
  })
})

describe('advice is true: adding what the message names to exclude makes the walk pass', () => {
  const cases: Record<string, (dir: string) => Promise<unknown>> = {
    'an environment file': (dir) => writeFile(join(dir, 'assets', '.env.local'), 'x'),
    'a git folder': async (dir) => {
      await mkdir(join(dir, '.git', 'refs'), { recursive: true })
      await writeFile(join(dir, '.git', 'config'), 'token')
    },
    'a FIFO': (dir) => promisify(execFile)('mkfifo', [join(dir, 'assets', 'pipe')]),
    'a link to a folder packed anyway': (dir) => symlink(join(dir, 'assets'), join(dir, 'static')),
    'a link into its own parent': (dir) => symlink(dir, join(dir, 'assets', 'up')),
    'a link listed before the folder it reaches': (dir) => symlink(join(dir, 'assets'), join(dir, 'aaa')),
  }
  for (const [what, make] of Object.entries(cases)) {
    it(what, async () => {
      const dir = await build()
      await make(dir)
      const error = await rejection(walk(dir))
      const named = /add (\S+) to exclude/.exec(error.message)?.[1]
      expect(named, error.message).toBeTruthy()
      await expect(walk(dir, { exclude: [named!] })).resolves.toMatchObject({ files: expect.any(Array) })
    })
  }
})
