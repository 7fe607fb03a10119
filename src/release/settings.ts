import { dirname, join, resolve } from 'node:path'
import { BundleError } from '../errors.js'
import { STRICT_SEMVER } from './decide.js'
import type { ReleaseInputs } from './inputs.js'
import { collectNativePackages, type NativePackage } from './native-packages.js'

/** Release control as the Capgo session uses it: the inputs, with the local native packages already collected. */
export interface ReleaseSettings extends Omit<ReleaseInputs, 'packageJson' | 'nodeModules'> {
  /** The row's `native_packages`; undefined with compatibility: ignore (the key is then left out, as --ignore-metadata-check does). */
  nativePackages?: NativePackage[]
}

/** What a session does when it was built without release settings (direct use in tests): no checks, no extra writes. */
export const NO_RELEASE_CONTROL: ReleaseSettings = {
  compatibility: 'ignore',
  autoMinUpdateVersion: false,
  selfAssign: false,
  deleteLinkedBundleOnUpload: false,
  unchanged: 'fail',
}

/**
 * The plan's part: everything that needs no network. Collects the native
 * packages (so a dependency that is not installed stops the run before
 * packing) and checks min-update-version.
 */
export function releaseSettings(inputs: ReleaseInputs, workspace: string, minUpdateVersion: string | undefined): ReleaseSettings {
  if (minUpdateVersion && !STRICT_SEMVER.test(minUpdateVersion)) {
    throw new BundleError(
      'min_update_version_invalid',
      `min-update-version "${minUpdateVersion}" is not a semantic version like 1.2.3 (no leading v, no range).`,
      'min-update-version',
    )
  }
  const { packageJson, nodeModules, ...rest } = inputs
  if (inputs.compatibility === 'ignore') return rest
  // join, not resolve: ncc's asset relocation rewrites resolve(…, 'package.json') in dist/.
  const packageJsons = packageJson.length ? packageJson.map((path) => resolve(workspace, path)) : [join(resolve(workspace), 'package.json')]
  const nativePackages = collectNativePackages({
    packageJsons,
    nodeModules: nodeModules.map((path) => resolve(workspace, path)),
    start: dirname(packageJsons[0]),
  })
  return { ...rest, nativePackages }
}
