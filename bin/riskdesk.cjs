#!/usr/bin/env node
'use strict'
// The `riskdesk` command. npx / npm scripts put the pinned Node 22 (npm package `node`) first on PATH.
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  process.stderr.write(`riskdesk: needs Node >= 22 (this is ${process.versions.node}); run it as \`npx riskdesk\` from the project, after npm install\n`)
  process.exit(1)
}
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('riskdesk: not built yet; run `npm install` (or `npm run build`) in the project first\n')
  process.exit(1)
}
require(cli).runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
