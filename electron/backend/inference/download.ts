/**
 * Downloads one file with resume (HTTP Range), progress (bytes, rate, ETA), sha256 verification and
 * an atomic finish: bytes go to `<dest>.part`, and only a verified file is renamed to `<dest>`.
 * A dropped connection leaves `<dest>.part` for the next attempt to resume (MODEL_DOWNLOAD, retryable);
 * a checksum mismatch deletes it (MODEL_CHECKSUM). Sources are http(s) URLs or local paths.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { CancelledError, GrymError } from '../../../shared/errors.ts';

export interface DownloadProgress {
  file: string;
  bytes: number;
  total: number | null;
  bytesPerSec: number;
  /** Seconds left at the current rate; null while unknown. */
  etaS: number | null;
}

export interface DownloadOptions {
  source: string;
  dest: string;
  /** Expected sha256 (hex); null refuses to install (MODEL_CHECKSUM): nothing unverified is installed. */
  sha256: string | null;
  size: number | null;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Fail when no byte arrives for this long (default 30 s). */
  stallTimeoutMs?: number;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export async function downloadFile(opts: DownloadOptions): Promise<void> {
  const { dest, sha256 } = opts;
  if (sha256 === null) {
    throw new GrymError('MODEL_CHECKSUM', `${dest}: the registry pins no sha256 for this file, so it cannot be verified and is not installed`);
  }
  if (opts.signal?.aborted) throw new CancelledError('download cancelled');
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  let have = existsSync(part) ? statSync(part).size : 0;
  if (opts.size !== null && have > opts.size) {
    rmSync(part, { force: true });
    have = 0;
  }
  const meter = new ProgressMeter(dest, opts.size, have, opts.onProgress);
  if (opts.size === null || have < opts.size) {
    if (isUrl(opts.source)) await fetchInto(opts, part, have, meter);
    else await copyInto(opts, part, have, meter);
  }
  // Hash what is on disk, so a resumed file is verified as a whole.
  const digest = await hashFile(part);
  const got = statSync(part).size;
  if (digest !== sha256 || (opts.size !== null && got !== opts.size)) {
    rmSync(part, { force: true });
    throw new GrymError('MODEL_CHECKSUM', `${dest}: checksum mismatch (expected sha256 ${sha256.slice(0, 12)}… and ${opts.size ?? '?'} bytes, got ${digest.slice(0, 12)}… and ${got} bytes); the file was discarded`, {
      details: { expected: sha256, actual: digest, size: got },
    });
  }
  renameSync(part, dest);
  meter.done();
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

class ProgressMeter {
  private lastEmit = 0;
  private rate = 0;
  private lastBytes: number;
  private lastT = performance.now();

  constructor(private readonly file: string, private total: number | null, private bytes: number, private readonly cb?: (p: DownloadProgress) => void) {
    this.lastBytes = bytes;
  }

  /** The server ignored a Range request: counting starts again from zero. */
  restart(): void {
    this.bytes = 0;
    this.lastBytes = 0;
  }

  setTotal(total: number | null): void {
    if (this.total === null) this.total = total;
  }

  add(n: number): void {
    this.bytes += n;
    const now = performance.now();
    if (now - this.lastEmit >= 100) this.emit(now);
  }

  done(): void {
    this.emit(performance.now(), true);
  }

  private emit(now: number, final = false): void {
    const dt = (now - this.lastT) / 1000;
    if (dt > 0) {
      const inst = (this.bytes - this.lastBytes) / dt;
      this.rate = this.rate === 0 ? inst : 0.7 * this.rate + 0.3 * inst;
    }
    this.lastT = now;
    this.lastBytes = this.bytes;
    this.lastEmit = now;
    const left = this.total === null ? null : Math.max(0, this.total - this.bytes);
    const etaS = final ? 0 : left === null || this.rate <= 0 ? null : left / this.rate;
    this.cb?.({ file: this.file, bytes: this.bytes, total: this.total, bytesPerSec: this.rate, etaS });
  }
}

function request(url: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { headers, ...(signal ? { signal } : {}) }, resolve);
    req.on('error', reject);
  });
}

async function fetchInto(opts: DownloadOptions, part: string, have: number, meter: ProgressMeter): Promise<void> {
  let url = opts.source;
  let res: IncomingMessage | undefined;
  try {
    for (let hops = 0; ; hops++) {
      res = await request(url, have > 0 ? { range: `bytes=${have}-` } : {}, opts.signal);
      const loc = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && loc && hops < 5) {
        res.resume();
        url = new URL(loc, url).toString();
        continue;
      }
      break;
    }
  } catch (err) {
    throw wrapNetError(err, opts, url);
  }
  const status = res.statusCode ?? 0;
  if (status === 416 && have > 0) {
    res.resume();
    return; // the partial file already holds every byte; the checksum decides
  }
  if (status !== 200 && status !== 206) {
    res.resume();
    throw new GrymError('MODEL_DOWNLOAD', `${url}: HTTP ${status}`, { retryable: status >= 500 || status === 429 });
  }
  // 200 to a Range request means the server ignored it: start over from byte 0.
  const append = status === 206 && have > 0;
  if (!append && have > 0) meter.restart();
  const len = Number(res.headers['content-length']);
  meter.setTotal(Number.isFinite(len) ? len + (append ? have : 0) : null);
  await pump(res, part, append, meter, opts, url);
}

async function copyInto(opts: DownloadOptions, part: string, have: number, meter: ProgressMeter): Promise<void> {
  if (!existsSync(opts.source)) throw new GrymError('MODEL_DOWNLOAD', `${opts.source}: no such file`);
  meter.setTotal(statSync(opts.source).size);
  await pump(createReadStream(opts.source, { start: have }), part, have > 0, meter, opts, opts.source);
}

function pump(src: NodeJS.ReadableStream & { destroy(e?: Error): void }, part: string, append: boolean, meter: ProgressMeter, opts: DownloadOptions, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
    const stallMs = opts.stallTimeoutMs ?? 30_000;
    let stall = setTimeout(onStall, stallMs);
    let finished = false;
    function onStall() {
      fail(new GrymError('MODEL_DOWNLOAD', `${url}: no data for ${stallMs} ms`, { retryable: true }));
    }
    const onAbort = () => fail(new CancelledError('download cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    function cleanup() {
      clearTimeout(stall);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    function fail(err: unknown) {
      if (finished) return;
      finished = true;
      cleanup();
      src.destroy();
      out.end(() => reject(err instanceof GrymError ? err : wrapNetError(err, opts, url)));
    }
    src.on('data', (chunk: Buffer) => {
      clearTimeout(stall);
      stall = setTimeout(onStall, stallMs);
      meter.add(chunk.length);
      if (!out.write(chunk)) {
        src.pause();
        out.once('drain', () => src.resume());
      }
    });
    src.on('error', fail);
    src.on('aborted', () => fail(new Error('connection dropped')));
    src.on('end', () => {
      if (finished) return;
      const res = src as unknown as IncomingMessage;
      if (typeof res.complete === 'boolean' && !res.complete) return fail(new Error('connection dropped before the end of the body'));
      finished = true;
      cleanup();
      out.end(() => resolve());
    });
    out.on('error', fail);
  });
}

function wrapNetError(err: unknown, opts: DownloadOptions, url: string): GrymError {
  if (opts.signal?.aborted) return new CancelledError('download cancelled');
  if (err instanceof GrymError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new GrymError('MODEL_DOWNLOAD', `${url}: ${msg} (the partial file is kept; installing again resumes it)`, { retryable: true, cause: err });
}
