import { describe, expect, it } from 'vitest'
import type { Command, CommandSpec } from '../../src/cli/command.js'
import { runCli } from '../../src/cli/dispatch.js'
import { closestFlag, parseCommand } from '../../src/cli/parse.js'

const spec: CommandSpec = {
  name: 'demo',
  brief: 'demo',
  summary: 'demo',
  usage: 'demo',
  positionals: [],
  options: [
    { name: 'channel', type: 'string', description: '' },
    { name: 'verify', type: 'switch', description: '' },
    { name: 'dry-run', type: 'switch', description: '' },
    { name: 'exclude', type: 'string', multiple: true, description: '' },
    { name: 'force', type: 'boolean', description: '' },
  ],
}

function captured() {
  const out = { stdout: '', stderr: '' }
  return {
    out,
    io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), cwd: '/', env: {} },
  }
}

const command = (name: string): Command => ({ spec: { ...spec, name, brief: `${name} brief` }, run: async () => ({ json: {}, text: [] }) })

describe('parseCommand', () => {
  it('reads action booleans as an action user writes them, and keeps any other word for the plan to refuse by name', () => {
    expect(parseCommand(spec, ['--verify']).values.verify).toBe('true')
    expect(parseCommand(spec, ['--no-verify']).values.verify).toBe('false')
    expect(parseCommand(spec, ['--verify', 'false', '--dry-run']).values).toMatchObject({ verify: 'false', 'dry-run': 'true' })
    expect(parseCommand(spec, ['--verify=false']).values.verify).toBe('false')
    expect(parseCommand(spec, ['--verify', 'maybe']).values.verify).toBe('maybe')
    expect(parseCommand(spec, []).values.verify).toBeUndefined()
  })

  it('takes a value that starts with a dash, joins a repeated flag by lines, and refuses --no- on a plain flag', () => {
    expect(parseCommand(spec, ['--channel', '-----BEGIN']).values.channel).toBe('-----BEGIN')
    expect(parseCommand(spec, ['--exclude', '*.map', '--exclude', '.git']).values.exclude).toBe('*.map\n.git')
    expect(parseCommand(spec, ['--force']).values.force).toBe(true)
    expect(() => parseCommand(spec, ['--no-force'])).toThrow("unknown option '--no-force'")
  })

  it('suggests the flag that was probably meant', () => {
    expect(() => parseCommand(spec, ['--chanel', 'production'])).toThrow("Unknown option '--chanel'; did you mean --channel?")
    expect(() => parseCommand(spec, ['--no-verfy'])).toThrow('did you mean --verify?')
    expect(closestFlag('--zzzzzz', spec.options)).toBeUndefined()
  })
})

describe('runCli', () => {
  const commands = [command('key create'), command('key save'), command('zip')]

  it('shows a group help for "key --help" and "help key", exit 0', async () => {
    for (const argv of [
      ['key', '--help'],
      ['key', '-h'],
      ['help', 'key'],
    ]) {
      const { out, io } = captured()
      expect(await runCli(commands, argv, io)).toBe(0)
      expect(out.stdout).toContain('Usage: capgo-bundle key <command>')
      expect(out.stdout).toContain('key create brief')
      expect(out.stdout).not.toContain('zip brief')
    }
  })

  it('still refuses a group without a subcommand with exit 2, naming the subcommands', async () => {
    const { out, io } = captured()
    expect(await runCli(commands, ['key', 'rotate'], io)).toBe(2)
    expect(out.stderr).toContain('"key" needs a subcommand: create or save (got "rotate")')
  })
})
