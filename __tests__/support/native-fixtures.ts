import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

const capacitorPlugin = (
  name: string,
  version: string,
  platforms: Record<string, unknown> = { ios: { src: 'ios' }, android: { src: 'android' } },
) => JSON.stringify({ name, version, capacitor: platforms })

/**
 * Plugins of every shape the native-package rule distinguishes, installed in
 * `<project>/node_modules` and listed in its package.json:
 * - camera: iOS and Android sources, a podspec, Package.swift and ios/Package.swift (counted twice), build.gradle;
 * - @scope/ios-only: Swift only, build.gradle.kts absent, a .m file that does not count;
 * - cordova-plugin-x: plugin.xml and a Java file outside android/ (native, no checksums);
 * - kts-plugin: Kotlin sources and build.gradle.kts only;
 * - plain-lib: Java sources but no plugin marker (not native);
 * - marker-only: a Capacitor marker but no sources (not native).
 */
export async function installNativeFixtures(
  project: string,
  versions: Partial<Record<'camera' | 'ios' | 'cordova' | 'kts', string>> = {},
): Promise<void> {
  const nm = join(project, 'node_modules')
  await writeTree(nm, {
    'camera/package.json': capacitorPlugin('camera', versions.camera ?? '5.0.1'),
    'camera/Camera.podspec': "Pod::Spec.new do |s| s.name = 'Camera' end\n",
    'camera/Package.swift': '// swift-tools-version:5.9\n',
    'camera/ios/Package.swift': '// nested manifest\n',
    'camera/ios/Sources/CameraPlugin/CameraPlugin.swift': 'import Capacitor\n@objc public class CameraPlugin: CAPPlugin {}\n',
    'camera/ios/Sources/CameraPlugin/Helper.m': '// objective-c does not count\n',
    'camera/ios/Sources/CameraPlugin/a_b.swift': '// underscore before the dot: b.swift still matches\n',
    'camera/android/build.gradle': "apply plugin: 'com.android.library'\n",
    'camera/android/src/main/java/com/example/camera/CameraPlugin.java': 'package com.example.camera;\npublic class CameraPlugin {}\n',
    'camera/android/src/main/java/com/example/camera/Exif.kt': 'package com.example.camera\n',
    'camera/android/src/main/res/values/strings.xml': '<resources/>\n',
    '@scope/ios-only/package.json': capacitorPlugin('@scope/ios-only', versions.ios ?? '2.3.4', { ios: { src: 'ios' } }),
    '@scope/ios-only/ios/Plugin/Plugin.swift': 'import Foundation\n',
    '@scope/ios-only/ios/Plugin/Zeta.swift': 'import Foundation // sorted after Plugin.swift\n',
    'cordova-plugin-x/package.json': JSON.stringify({ name: 'cordova-plugin-x', version: versions.cordova ?? '1.0.0' }),
    'cordova-plugin-x/plugin.xml': '<plugin id="cordova-plugin-x"/>\n',
    'cordova-plugin-x/src/android/XPlugin.java': 'package x;\n',
    'kts-plugin/package.json': capacitorPlugin('kts-plugin', versions.kts ?? '0.9.0', { android: { src: 'android' } }),
    'kts-plugin/android/build.gradle.kts': 'plugins { id("com.android.library") }\n',
    'kts-plugin/android/src/main/kotlin/Thing.kt': 'class Thing\n',
    'plain-lib/package.json': JSON.stringify({ name: 'plain-lib', version: '3.0.0' }),
    'plain-lib/src/Main.java': 'class Main {}\n',
    'marker-only/package.json': capacitorPlugin('marker-only', '1.1.1'),
  })
  const manifestPath = join(project, 'package.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  manifest.dependencies = {
    ...manifest.dependencies,
    camera: '^5.0.0',
    '@scope/ios-only': '2.3.4',
    'cordova-plugin-x': '~1.0.0',
    'plain-lib': '^3.0.0',
    'marker-only': '1.1.1',
  }
  manifest.devDependencies = { ...manifest.devDependencies, 'kts-plugin': '^0.9.0' }
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2))
}
