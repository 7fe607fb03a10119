// release.yml's first check: the pushed tag is a release tag vX.Y.Z (not the
// moving major tag, not a pre-release) and names the version in package.json,
// so the action's tag, the npm version and `capgo-bundle --version` agree.
//   node scripts/release-tag.mjs [tag]     (default: $GITHUB_REF_NAME)
// Prints, and with GITHUB_OUTPUT set writes, version=X.Y.Z and major=vX.
//   git tag --list | node scripts/release-tag.mjs --newest-of-major vX.Y.Z   (or --newest: of all majors)
// Prints (and writes) newest=true when no release tag (of that major) is newer.
import { appendFileSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const RELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** @returns {{ version: string, major: string }} or throws with the line to print */
export function releaseOf(tag, packageVersion) {
  const match = RELEASE_TAG.exec(tag ?? '')
  if (!match) throw new Error(`tag "${tag ?? ''}" is not a release tag vX.Y.Z; release.yml publishes only those`)
  const version = tag.slice(1)
  if (version !== packageVersion) {
    throw new Error(
      `tag ${tag} does not match package.json version ${packageVersion}: set "version": "${version}" in package.json, commit, and tag that commit`,
    )
  }
  return { version, major: `v${match[1]}` }
}

const partsOf = (name) => RELEASE_TAG.exec(name)?.slice(1).map(Number)
const notAfter = (a, b) => a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])))

/**
 * Whether `tag` is the newest release of its major among `tags` (git tag --list output):
 * a fix released for v1.2 after v1.3.0 must not move v1 back.
 */
export function newestOfMajor(tag, tags) {
  const own = partsOf(tag)
  return Boolean(own) && tags.map(partsOf).every((other) => !other || other[0] !== own[0] || notAfter(other, own))
}

/** Whether `tag` is the newest release of all: only that one becomes npm's `latest`. */
export function newestOfAll(tag, tags) {
  const own = partsOf(tag)
  return Boolean(own) && tags.map(partsOf).every((other) => !other || notAfter(other, own))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2]?.startsWith('--newest')) {
  // git tag --list | node scripts/release-tag.mjs --newest-of-major|--newest vX.Y.Z  → newest=true|false
  const tags = readFileSync(0, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const newest = process.argv[2] === '--newest-of-major' ? newestOfMajor : newestOfAll
  const line = `newest=${newest(process.argv[3] ?? process.env.GITHUB_REF_NAME ?? '', tags)}\n`
  process.stdout.write(line)
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, line)
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  try {
    const { version, major } = releaseOf(process.argv[2] ?? process.env.GITHUB_REF_NAME, manifest.version)
    const lines = `version=${version}\nmajor=${major}\n`
    process.stdout.write(lines)
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines)
  } catch (error) {
    console.error(`::error::${error.message}`)
    process.exit(1)
  }
}
