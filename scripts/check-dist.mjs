// npm run check-dist: rebuilds dist/ and fails when it differs from what is
// committed, so the action never runs code nobody reviewed.
import { execSync } from 'node:child_process'

execSync('npm run build', { stdio: 'inherit' })
const changed = execSync('git status --porcelain -- dist', { encoding: 'utf8' }).trim()
if (changed) {
  console.error(`dist/ is stale: run "npm run build" and commit the result.\n${changed}`)
  execSync('git --no-pager diff --stat -- dist', { stdio: 'inherit' })
  process.exit(1)
}
console.log('dist/ matches the source.')
