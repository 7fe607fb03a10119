/**
 * Reads a capacitor.config.ts / .js as source text, never executing it: CI
 * must not run code from a build config to learn three strings. Just enough of
 * a tokenizer to follow object literals while skipping comments and strings.
 */

export interface Token {
  kind: 'string' | 'template' | 'word' | 'punct'
  /** Raw source text of the token (a string's value with its quotes). */
  text: string
  start: number
  end: number
}

/**
 * Just enough of a JavaScript tokenizer to find property keys, object braces
 * and string literals while skipping comments and the insides of strings.
 * Regular expression literals are not recognised; configs do not use them.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (/\s/.test(c)) {
      i++
    } else if (text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i)
      i = eol < 0 ? text.length : eol
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2)
      i = close < 0 ? text.length : close + 2
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1
      let depth = 0
      while (j < text.length) {
        if (text[j] === '\\') {
          j += 2
        } else if (c === '`' && text.startsWith('${', j)) {
          depth++
          j += 2
        } else if (c === '`' && depth > 0 && text[j] === '}') {
          depth--
          j++
        } else if (text[j] === c && depth === 0) {
          break
        } else {
          j++
        }
      }
      tokens.push({ kind: c === '`' ? 'template' : 'string', text: text.slice(i, j + 1), start: i, end: j + 1 })
      i = j + 1
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[\w$]+/.exec(text.slice(i))![0]
      tokens.push({ kind: 'word', text: word, start: i, end: i + word.length })
      i += word.length
    } else {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 })
      i++
    }
  }
  return tokens
}

export interface Source {
  text: string
  tokens: Token[]
  /** Index of the matching close token for every `{`, `[` and `(`. */
  closing: Map<number, number>
}

export function parseSource(text: string): Source {
  const tokens = tokenize(text)
  const closing = new Map<number, number>()
  const stack: number[] = []
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' }
  tokens.forEach((token, index) => {
    if (token.kind !== 'punct') return
    if ('{[('.includes(token.text)) stack.push(index)
    else if (pairs[token.text] && stack.length && tokens[stack[stack.length - 1]].text === pairs[token.text])
      closing.set(stack.pop()!, index)
  })
  return { text, tokens, closing }
}

export function keyName(token: Token): string | undefined {
  if (token.kind === 'word') return token.text
  if (token.kind === 'string') return token.text.slice(1, -1)
  return undefined
}

/** Index of the token naming property `name` directly inside the object opened at `open`. */
export function propertyIn(source: Source, open: number, name: string): number | undefined {
  const close = source.closing.get(open)
  if (close === undefined) return undefined
  for (let i = open + 1; i < close; i++) {
    const nested = source.closing.get(i)
    if (nested !== undefined) {
      i = nested
      continue
    }
    const next = source.tokens[i + 1]
    const previous = source.tokens[i - 1]
    if (keyName(source.tokens[i]) === name && next?.text === ':' && (previous.text === '{' || previous.text === ',')) return i
  }
  return undefined
}

/** The object literal holding appId (or webDir): the config itself, however it is exported. */
export function configObject(source: Source): number | undefined {
  for (const name of ['appId', 'webDir']) {
    for (let i = 0; i < source.tokens.length; i++) {
      if (keyName(source.tokens[i]) !== name || source.tokens[i + 1]?.text !== ':') continue
      for (const [open, close] of source.closing) {
        if (source.tokens[open].text === '{' && open < i && close > i && propertyIn(source, open, name) === i) return open
      }
    }
  }
  return undefined
}

/** The `{` of property `name`'s object value inside the object at `open`; undefined when absent or not an object literal. */
export function objectValue(source: Source, open: number | undefined, name: string): number | undefined {
  if (open === undefined) return undefined
  const key = propertyIn(source, open, name)
  if (key === undefined) return undefined
  return source.tokens[key + 2]?.text === '{' ? key + 2 : undefined
}

/** A `true` / `false` literal at `path`, else the string there, else undefined (an expression is not evaluated). */
export function readSourceLiteral(text: string, path: readonly string[]): string | boolean | undefined {
  const source = parseSource(text)
  let open = configObject(source)
  for (const name of path.slice(0, -1)) open = objectValue(source, open, name)
  const key = open === undefined ? undefined : propertyIn(source, open, path[path.length - 1])
  const value = key === undefined ? undefined : source.tokens[key + 2]
  const end = key === undefined ? undefined : source.tokens[key + 3]
  if (value?.kind === 'word' && (value.text === 'true' || value.text === 'false') && (!end || end.text === ',' || end.text === '}'))
    return value.text === 'true'
  return readSourceString(text, path)
}

/** The string value at `path` inside the config object (e.g. plugins → CapacitorUpdater → publicKey). */
export function readSourceString(text: string, path: readonly string[]): string | undefined {
  const source = parseSource(text)
  let open = configObject(source)
  for (const name of path.slice(0, -1)) open = objectValue(source, open, name)
  const key = open === undefined ? undefined : propertyIn(source, open, path[path.length - 1])
  const value = key === undefined ? undefined : source.tokens[key + 2]
  const end = key === undefined ? undefined : source.tokens[key + 3]
  const plain = value?.kind === 'string' || (value?.kind === 'template' && !value.text.includes('${'))
  if (!value || !plain || (end && end.text !== ',' && end.text !== '}')) return undefined
  return decodeEscapes(value.text.slice(1, -1))
}

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16))
    if (escape[0] === 'u' && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16))
    if (escape[0] === 'x' && escape.length === 3) return String.fromCharCode(parseInt(escape.slice(1), 16))
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\n': '' }
    return simple[escape] ?? escape
  })
}
