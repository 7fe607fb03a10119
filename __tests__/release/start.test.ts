// npm start shows the step's log as a person reads it in the Actions UI.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with npm start
import { renderRunnerLog } from '../../scripts/lib/run-action.mjs'

const render = renderRunnerLog as (stdout: string, options?: { debug?: boolean }) => string[]
const exec = promisify(execFile)

describe('renderRunnerLog', () => {
  const stdout = [
    '::add-mask::s3cr3t-line-one',
    '::add-mask::t0k3n%0Asecond-half',
    'Bundling com.example.app 1.0.0',
    '::debug::packed 5 files',
    '::warning::private-key s3cr3t-line-one leaked?',
    '::group::Upload',
    'sent t0k3n and second-half',
    '::endgroup::',
    '::error file=a.js,line=3::100%25 broken%0Asecond line',
    '::notice::fyi',
    '',
  ].join('\n')

  it('hides runner commands, masks values, and reads annotations as the runner prints them', () => {
    expect(render(stdout)).toEqual([
      'Bundling com.example.app 1.0.0',
      'Warning: private-key *** leaked?',
      '▸ Upload',
      'sent *** and ***',
      'Error: 100% broken',
      'second line',
      'Notice: fyi',
    ])
  })

  it('shows ::debug:: lines only when asked, as RUNNER_DEBUG=1 does', () => {
    expect(render(stdout, { debug: true })).toContain('##[debug]packed 5 files')
  })
})

describe('npm start', () => {
  it('prints no raw workflow commands, the outputs by their names, and the device check', async () => {
    const { stdout } = await exec(process.execPath, ['scripts/start.mjs'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    })
    expect(stdout).not.toMatch(/::(debug|add-mask|warning|error|group)/)
    expect(stdout).toMatch(/action │ Packed 5 files/)
    expect(stdout).toMatch(/iv-session-key +\S+… \(\d+ chars\)/)
    expect(stdout).toMatch(/job summary:\n {2}App +com\.example\.liveupdate\n/)
    expect(stdout).not.toMatch(/<\/?t[dr]>/)
    expect(stdout).toContain('OK: ')
  })
})
