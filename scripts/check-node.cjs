// Every npm script runs on the Node pinned as a devDependency (npm package `node`); refuse older runtimes in one line.
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  process.stderr.write(`riskdesk: Node ${process.versions.node} is too old; run through npm scripts or npx so the pinned Node 22 is used (npm install first).\n`)
  process.exit(1)
}
