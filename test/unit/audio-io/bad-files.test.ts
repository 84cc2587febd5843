import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBuffer, decodeFile } from '../../../electron/backend/audio/decode.ts';
import { encodeFlac } from '../../../electron/backend/audio/encode/flac-encode.ts';
import { encodeMp3 } from '../../../electron/backend/audio/encode/mp3-encode.ts';
import { encodeWav } from '../../../electron/backend/audio/encode/wav-write.ts';
import { sine, tempEnv, wavefileBytes } from './helpers.ts';

const env = tempEnv();
afterAll(() => env.cleanup());

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const tone = { sampleRate: 44100, channels: [sine(330, 44100, 1, 0.5), sine(440, 44100, 1, 0.5)] };
const corpus: { name: string; bytes: () => Promise<Uint8Array> | Uint8Array; code: string; opts?: { maxDurationS?: number } }[] = [];
let wav16: Uint8Array;
let flac: Uint8Array;
let mp3: Uint8Array;

beforeAll(async () => {
  wav16 = encodeWav(tone, 16);
  flac = await encodeFlac(tone, 16);
  mp3 = await encodeMp3(tone, 128);
});

function floatWavWith(value: number): Uint8Array {
  const ch = sine(440, 8000, 0.1, 0.5);
  ch[400] = value;
  return encodeWav({ sampleRate: 8000, channels: [ch] }, 32);
}

function withDataSize(bytes: Uint8Array, size: number): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  // our writer puts `data` at 36 (no ds64): RIFF(12) + fmt(24)
  expect(String.fromCharCode(...out.subarray(36, 40))).toBe('data');
  dv.setUint32(40, size, true);
  return out;
}

corpus.push(
  { name: 'an empty file', bytes: () => new Uint8Array(0), code: 'AUDIO_EMPTY' },
  { name: 'random bytes', bytes: () => randomBytes(65536, 7), code: 'AUDIO_UNSUPPORTED' },
  { name: 'a text file named .wav', bytes: () => Buffer.from('just some notes, not audio\n'.repeat(50)), code: 'AUDIO_UNSUPPORTED' },
  { name: 'a WAV truncated mid-data', bytes: () => wav16.subarray(0, 20000), code: 'AUDIO_DECODE' },
  { name: 'a WAV truncated inside its header', bytes: () => wav16.subarray(0, 30), code: 'AUDIO_DECODE' },
  { name: 'a WAV header claiming more data than the file has', bytes: () => withDataSize(wav16, wav16.length * 3), code: 'AUDIO_DECODE' },
  { name: 'a WAV header claiming a huge length (4 GB)', bytes: () => withDataSize(wav16, 0xfffffff0), code: 'AUDIO_DECODE' },
  { name: 'a WAV whose data chunk is empty', bytes: () => withDataSize(wav16, 0).subarray(0, 44), code: 'AUDIO_EMPTY' },
  { name: 'a float WAV holding NaN', bytes: () => floatWavWith(NaN), code: 'AUDIO_DECODE' },
  { name: 'a float WAV holding +Inf', bytes: () => floatWavWith(Infinity), code: 'AUDIO_DECODE' },
  { name: 'a 64-bit float WAV holding -Inf', bytes: () => {
    const ch = sine(440, 8000, 0.05);
    ch[10] = -Infinity;
    return wavefileBytes([ch], 8000, '64');
  }, code: 'AUDIO_DECODE' },
  { name: 'a WAV in an unsupported encoding (A-law)', bytes: () => {
    const out = wav16.slice();
    new DataView(out.buffer).setUint16(20, 6, true);
    return out;
  }, code: 'AUDIO_UNSUPPORTED' },
  { name: 'a WAV with zero channels', bytes: () => {
    const out = wav16.slice();
    new DataView(out.buffer).setUint16(22, 0, true);
    return out;
  }, code: 'AUDIO_DECODE' },
  { name: 'a WAV longer than the configured cap', bytes: () => wav16, code: 'AUDIO_TOO_LONG', opts: { maxDurationS: 0.5 } },
  { name: 'a FLAC truncated mid-stream', bytes: () => flac.subarray(0, Math.floor(flac.length / 2)), code: 'AUDIO_DECODE' },
  { name: 'a FLAC cut inside its metadata', bytes: () => flac.subarray(0, 20), code: 'AUDIO_DECODE' },
  { name: 'a FLAC with random frames after a valid header', bytes: () => Buffer.concat([flac.subarray(0, 200), randomBytes(20000, 3)]), code: 'AUDIO_DECODE' },
  { name: 'a FLAC longer than the configured cap', bytes: () => flac, code: 'AUDIO_TOO_LONG', opts: { maxDurationS: 0.5 } },
  { name: 'an MP3 cut inside its first frame', bytes: () => mp3.subarray(0, 200), code: 'AUDIO_DECODE' },
  { name: 'an MP3 longer than the configured cap', bytes: () => mp3, code: 'AUDIO_TOO_LONG', opts: { maxDurationS: 0.5 } },
);

describe('a corpus of bad files', () => {
  for (const c of corpus) {
    it(`gives ${c.code} for ${c.name}, from bytes and from a file`, async () => {
      const bytes = await c.bytes();
      await expect(decodeBuffer(bytes, 'bad.wav', c.opts)).rejects.toMatchObject({ code: c.code, name: 'GrymError' });
      const file = join(env.dir, `bad-${corpus.indexOf(c)}.wav`);
      writeFileSync(file, bytes);
      await expect(decodeFile(file, c.opts)).rejects.toMatchObject({ code: c.code });
    });
  }

  it('gives a coded error for many random and randomly damaged inputs, never a crash or a hang', async () => {
    const started = Date.now();
    for (let seed = 1; seed <= 40; seed++) {
      const base = [wav16, flac, mp3][seed % 3]!;
      const damaged = base.slice(0, 4096 + seed * 97);
      const noise = randomBytes(1024 + seed * 13, seed);
      damaged.set(noise.subarray(0, Math.min(noise.length, damaged.length - 64)), 64);
      for (const bytes of [damaged, randomBytes(seed * 101, seed + 1000)]) {
        try {
          const audio = await decodeBuffer(bytes);
          // A damaged stream may still yield some audio; it must then be finite, well-formed samples.
          expect(audio.channels.length).toBeGreaterThan(0);
          for (const ch of audio.channels) expect(ch.every(Number.isFinite)).toBe(true);
        } catch (err) {
          expect(['AUDIO_DECODE', 'AUDIO_UNSUPPORTED', 'AUDIO_EMPTY']).toContain((err as { code?: string }).code);
        }
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('gives NOT_FOUND for a file that does not exist', async () => {
    await expect(decodeFile(join(env.dir, 'missing.flac'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops with a cancellation when its signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(decodeBuffer(flac, 'x.flac', { signal: ac.signal })).rejects.toMatchObject({ code: 'NODE_CANCELLED' });
  });
});
