/** `node bin/gongkai.js …` as a user runs it: exit code, stdout and stderr. */
import { spawn, type ChildProcess } from 'node:child_process';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the command; `done` settles when it exits. */
export function start(args: string[], opts: { cwd?: string; shell?: boolean } = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [`${ROOT}bin/gongkai.js`, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // decoded as a stream: a character split between two chunks stays whole
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Ran>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function gongkai(args: string[], opts: { cwd?: string } = {}): Promise<Ran> {
  return start(args, opts).done;
}
