import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..')

export interface DeskProcess {
  url: string
  child: ChildProcess
  output: () => string
  stop(): Promise<void>
}

/**
 * Starts `riskdesk web` as a real process (bin/riskdesk.cjs on this Node 22), exactly as a user would, and waits for
 * the URL line. The server binds 127.0.0.1 and is stopped with SIGTERM (it closes the desk and the database).
 */
export function startDeskProcess(args: readonly string[], timeoutMs = 60_000): Promise<DeskProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'riskdesk.cjs'), 'web', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`riskdesk web did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const poll = setInterval(() => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out)
      if (!m) return
      clearInterval(poll)
      clearTimeout(timer)
      resolve({
        url: m[1]!,
        child,
        output: () => out,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref()
          }),
      })
    }, 50)
    child.once('exit', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      reject(new Error(`riskdesk web exited with ${code}:\n${out}`))
    })
  })
}
