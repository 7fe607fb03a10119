// Minimal shim of @capgo/capacitor-updater for a browser preview of the example.
export const CapacitorUpdater = {
  async current() {
    return { bundle: { version: 'builtin' } }
  },
  async notifyAppReady() {
    return { bundle: { version: 'builtin' } }
  },
}
