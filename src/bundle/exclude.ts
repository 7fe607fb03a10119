import { BundleError } from '../errors.js'

/**
 * The `exclude` input: globs relative to the build folder, `/`-separated.
 * `*` and `?` match within one name, dot names included; `**` matches any
 * number of folders. A pattern that matches a folder (`.git`, `.git/**`)
 * leaves out everything below it. No negation, no character classes: a list
 * of things to leave out should read the same to everyone.
 */
export type Excluder = (name: string) => boolean

export function excluder(patterns: readonly string[], input = 'exclude'): Excluder {
  const expressions = patterns
    .map((line) => line.trim())
    .filter(Boolean)
    .map((pattern) => toRegExp(pattern, input))
  if (expressions.length === 0) return () => false
  return (name) => expressions.some((expression) => expression.test(name))
}

function toRegExp(given: string, input: string): RegExp {
  if (given.startsWith('!'))
    throw new BundleError(
      'input_invalid',
      `${input}: "${given}" starts with !; negation is not supported, list only what to leave out.`,
      input,
    )
  const pattern = given
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
  const segments = pattern.split('/')
  if (pattern === '' || segments.some((segment) => segment === '..' || segment === '.' || segment === '')) {
    throw new BundleError(
      'input_invalid',
      `${input}: "${given}" is not a path inside the build folder (patterns are relative to path).`,
      input,
    )
  }
  let source = ''
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (segment === '**') {
      // a/** also names a itself; **/x also x at the top; a/**/x also a/x.
      if (last) source += i === 0 ? '.*' : '(?:/.*)?'
      else source += i === 0 ? '(?:.*/)?' : '(?:/.*)?/'
      return
    }
    if (i > 0 && segments[i - 1] !== '**') source += '/'
    source += segment.replace(/\*+|\?|[.+^${}()|[\]\\]/g, (match) => (match[0] === '*' ? '[^/]*' : match === '?' ? '[^/]' : `\\${match}`))
  })
  return new RegExp(`^${source}$`)
}
