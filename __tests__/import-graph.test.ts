import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = new URL('../src/', import.meta.url).pathname

/** import/export ... from '...', bare import '...', and import('...'): type-only and dynamic imports count. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
    ),
  )
  return nested.flat()
}

/** Each file of src/ with the files of src/ it imports. */
async function importGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>()
  for (const file of await sourceFiles(SRC)) {
    const text = await readFile(file, 'utf8')
    const targets = [...text.matchAll(SPECIFIER)]
      .map((match) => match[1])
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))))
      // package.json and other files outside src/ are leaves.
      .filter((target) => !target.startsWith('..'))
    graph.set(relative(SRC, file), [...new Set(targets)])
  }
  return graph
}

/** Every cycle found by a depth-first walk, each as the path that closes it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return cycles
}

describe('the import graph of src/', () => {
  it('resolves every relative import to a file of src/', async () => {
    const graph = await importGraph()
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`),
    )
    expect(missing).toEqual([])
    expect(graph.get('publish/index.ts')).toContain('publish/s3.ts')
  })

  it('has no cycles, counting type-only and dynamic imports', async () => {
    expect(cyclesOf(await importGraph()).map((cycle) => cycle.join(' → '))).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ])
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
  })

  it('keeps the storage interface free of imports, and the AWS SDK out of the plan', async () => {
    const graph = await importGraph()
    expect(graph.get('publish/backend.ts')).toEqual([])
    const reachable = new Set<string>()
    const walk = (node: string): void => {
      if (reachable.has(node)) return
      reachable.add(node)
      for (const next of graph.get(node) ?? []) walk(next)
    }
    walk('plan.ts')
    expect([...reachable].filter((file) => file === 'publish/s3.ts' || file === 'publish/http-put.ts')).toEqual([])
  })
})
