#!/usr/bin/env node
// The published entry: the ncc bundle of src/cli/index.ts, built by `npm run build`.
import '../dist/cli/index.js'
