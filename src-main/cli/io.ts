import { writeSync } from 'node:fs'

/** Output sinks of the CLI, injectable so commands can be tested in-process. */
export interface CliIo {
  /** a line to standard output */
  out(line: string): void
  /** raw text to standard output (exports) */
  write(chunk: string): void
  /** a line to standard error */
  err(line: string): void
}

// Synchronous writes: a piped stdout (| head, > file) must receive everything before the process exits.
export const processIo: CliIo = {
  out: (line) => writeAll(1, `${line}\n`),
  write: (chunk) => writeAll(1, chunk),
  err: (line) => writeAll(2, `${line}\n`),
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text)
  let off = 0
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return
      throw e
    }
  }
}
