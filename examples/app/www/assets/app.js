// A stand-in for a real Capacitor web build. The updater plugin rolls a bundle
// back unless the app confirms it started, so every bundle must make this call.
import { CapacitorUpdater } from './updater.js'

const label = document.getElementById('version')
CapacitorUpdater.current().then(({ bundle }) => {
  label.textContent = `bundle ${bundle.version}`
})
CapacitorUpdater.notifyAppReady()
