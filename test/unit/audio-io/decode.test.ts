import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBuffer, decodeFile, detectFormat } from '../../../electron/backend/audio/decode.ts';
import { encodeFlac } from '../../../electron/backend/audio/encode/flac-encode.ts';
import { encodeMp3 } from '../../../electron/backend/audio/encode/mp3-encode.ts';
import { maxAbsDiff, rms, sharedDir, sine, tempEnv, wavefileBytes } from './helpers.ts';

const env = tempEnv();
afterAll(() => env.cleanup());

const RATE = 22050;
const left = sine(440, RATE, 0.5, 0.6);
const right = sine(660, RATE, 0.5, 0.3);

describe('decoding WAV written by an independent encoder (wavefile)', () => {
  const cases = [
    { depth: '8', tol: 1 / 64 },
    { depth: '16', tol: 1 / 16384 },
    { depth: '24', tol: 1e-6 },
    { depth: '32', tol: 1e-7 },
    { depth: '32f', tol: 0 },
    { depth: '64', tol: 0 },
  ] as const;
  for (const { depth, tol } of cases) {
    it(`reads ${depth}-bit stereo WAV to within ${tol} of the source samples`, async () => {
      const bytes = wavefileBytes([left, right], RATE, depth);
      const audio = await decodeBuffer(bytes, `x-${depth}.wav`);
      expect(audio.sampleRate).toBe(RATE);
      expect(audio.channels).toHaveLength(2);
      expect(audio.channels[0]!.length).toBe(left.length);
      expect(maxAbsDiff(audio.channels[0]!, left)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(audio.channels[1]!, right)).toBeLessThanOrEqual(tol);
    });
  }

  it('reads six channels at an unusual rate, each channel in its place', async () => {
    const chans = [0, 1, 2, 3, 4, 5].map((c) => sine(100 * (c + 1), 11025, 0.2, 0.1 * (c + 1)));
    const audio = await decodeBuffer(wavefileBytes(chans, 11025, '16'));
    expect(audio.sampleRate).toBe(11025);
    expect(audio.channels).toHaveLength(6);
    chans.forEach((c, i) => expect(maxAbsDiff(audio.channels[i]!, c)).toBeLessThan(1e-4));
  });

  it('streams a WAV file from disk with the same result as decoding its bytes', async () => {
    const bytes = wavefileBytes([left, right], RATE, '24');
    const file = join(env.dir, 'stream.wav');
    writeFileSync(file, bytes);
    const a = await decodeFile(file);
    const b = await decodeBuffer(bytes);
    expect(maxAbsDiff(a.channels[1]!, b.channels[1]!)).toBe(0);
  });
});

describe('decoding compressed formats', () => {
  it('decodes FLAC losslessly at its own sample rate, whatever the file is called', async () => {
    const flac = await encodeFlac({ sampleRate: RATE, channels: [left, right] }, 16);
    expect(detectFormat(flac)).toBe('flac');
    const file = join(env.dir, 'really-a-flac.wav');
    writeFileSync(file, flac);
    const audio = await decodeFile(file);
    expect(audio.sampleRate).toBe(RATE);
    expect(audio.channels[0]!.length).toBe(left.length);
    expect(maxAbsDiff(audio.channels[0]!, left)).toBeLessThanOrEqual(1 / 32768 + 1e-9);
  });

  it('decodes MP3 at its own rate with the energy of the source', async () => {
    const src = sine(440, 44100, 1, 0.5);
    const mp3 = await encodeMp3({ sampleRate: 44100, channels: [src] }, 192);
    expect(detectFormat(mp3)).toBe('mp3');
    const audio = await decodeBuffer(mp3, 'tone.flac');
    expect(audio.sampleRate).toBe(44100);
    const n = audio.channels[0]!.length;
    expect(Math.abs(n - src.length)).toBeLessThan(4096);
    const ratio = rms(audio.channels[0]!, 4096, n - 4096) / rms(src);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  it('routes an Ogg Vorbis stream to the Vorbis decoder and reports its damage as AUDIO_DECODE', async () => {
    // No Vorbis encoder ships on npm here: build a first Ogg page holding only an identification header.
    const id = Buffer.alloc(30);
    id[0] = 1;
    id.write('vorbis', 1, 'latin1');
    id.writeUInt8(2, 11);
    id.writeUInt32LE(48000, 12);
    const page = Buffer.concat([Buffer.from('OggS\0\x02', 'latin1'), Buffer.alloc(20), Buffer.from([1, id.length]), id]);
    expect(detectFormat(page)).toBe('ogg-vorbis');
    await expect(decodeBuffer(page)).rejects.toMatchObject({ code: 'AUDIO_DECODE' });
  });

  it('decodes AIFF through the library decoders', async () => {
    const n = 2205;
    const ssnd = Buffer.alloc(8 + n * 2);
    const src = sine(440, RATE, n / RATE, 0.5);
    for (let i = 0; i < n; i++) ssnd.writeInt16BE(Math.round(src[i]! * 32767), 8 + i * 2);
    const comm = Buffer.alloc(18);
    comm.writeUInt16BE(1, 0);
    comm.writeUInt32BE(n, 2);
    comm.writeUInt16BE(16, 6);
    // 22050 as an 80-bit extended float: exponent 16383 + 14, mantissa 22050 << (63 - 14)
    comm.writeUInt16BE(16383 + 14, 8);
    comm.writeBigUInt64BE(BigInt(RATE) << BigInt(63 - 14), 10);
    const chunk = (id: string, body: Buffer) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from([0, 0, 0, 0].map((_, i) => (body.length >> (24 - 8 * i)) & 255)), body]);
    const body = Buffer.concat([Buffer.from('AIFF', 'latin1'), chunk('COMM', comm), chunk('SSND', ssnd)]);
    const aiff = Buffer.concat([Buffer.from('FORM', 'latin1'), Buffer.from([0, 0, 0, 0].map((_, i) => (body.length >> (24 - 8 * i)) & 255)), body]);
    expect(detectFormat(aiff)).toBe('aiff');
    const audio = await decodeBuffer(aiff);
    expect(audio.sampleRate).toBe(RATE);
    expect(audio.channels[0]!.length).toBe(n);
    expect(maxAbsDiff(audio.channels[0]!, src)).toBeLessThan(1e-3);
  });
});

describe('the shared eval clips', () => {
  const dir = join(sharedDir, 'eval', 'clips');
  const clips = readdirSync(dir).filter((f) => f.endsWith('.flac'));
  it('lists FLAC clips to decode', () => expect(clips.length).toBeGreaterThan(10));
  for (const f of clips) {
    it(`decodes ${f} as 44.1 kHz mono with signal in it`, async () => {
      const audio = await decodeFile(join(dir, f));
      expect(audio.sampleRate).toBe(44100);
      expect(audio.channels).toHaveLength(1);
      expect(audio.channels[0]!.length / 44100).toBeGreaterThan(1);
      expect(rms(audio.channels[0]!)).toBeGreaterThan(0.01);
    });
  }
});
