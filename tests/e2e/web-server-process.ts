import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..')

const URL_LINE = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/

export interface DeskProcess {
  /** the session URL, token included */
  readonly url: string
  readonly child: ChildProcess
  /** everything the process printed so far */
  output(): string
  /** SIGTERM (the server closes the desk and the database), SIGKILL after 10 s */
  stop(): Promise<void>
}

/**
 * Starts `riskdesk web` as a real process (bin/riskdesk.cjs on this Node 22), exactly as a user would, and waits for
 * the URL line. The server binds 127.0.0.1 and is stopped with SIGTERM (it closes the desk and the database).
 * @param args - arguments after `riskdesk web`
 * @param root - the project root (the bench, bundled into out/bench, passes its own)
 * @throws (rejects) Error with the process output when it exits or prints no URL within `timeoutMs`
 */
export function startDeskProcess(args: readonly string[], timeoutMs = 60_000, root = ROOT): Promise<DeskProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'riskdesk.cjs'), 'web', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearInterval(poll)
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`riskdesk web ${why}:\n${out}`))
    }
    const timer = setTimeout(() => fail(`printed no URL in ${timeoutMs} ms`), timeoutMs)
    const onExit = (code: number | null): void => fail(`exited with ${code}`)
    child.once('exit', onExit)
    const poll = setInterval(() => {
      const m = URL_LINE.exec(out)
      if (!m) return
      clearInterval(poll)
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve({
        url: m[1]!,
        child,
        output: () => out,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref()
          }),
      })
    }, 50)
  })
}
