/**
 * Starts `riskdesk web` as its own process, exactly as a user would (bin/riskdesk.cjs on this Node, which is the
 * pinned Node 22 under `npm run bench`), and waits for the line with the session URL. Same protocol as
 * tests/e2e/web-server-process.ts, with the project root taken from bench/lib/paths.ts so it works from out/bench/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from './paths'

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
 * @param args - arguments after `riskdesk web`
 * @throws (rejects) Error with the process output when it exits or prints no URL within `timeoutMs`
 */
export function startDeskProcess(args: readonly string[], timeoutMs = 60_000): Promise<DeskProcess> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'riskdesk.cjs'), 'web', ...args], {
    cwd: PROJECT_ROOT,
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
