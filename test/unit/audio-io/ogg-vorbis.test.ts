/**
 * Ogg Vorbis decode on real Vorbis audio. The fixture is encoded in the test by the reference libvorbis
 * encoder compiled to WebAssembly (wasm-media-encoders, a dev dependency), since no Vorbis file ships here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOggEncoder } from 'wasm-media-encoders';
import { decodeBuffer, decodeFile } from '../../../electron/backend/audio/decode.ts';
import { tempDir } from '../engine/helpers.ts';

const SR = 44100;
let ogg: Uint8Array;
let tmp: ReturnType<typeof tempDir>;

async function encodeOgg(channels: Float32Array[]): Promise<Uint8Array> {
  const enc = await createOggEncoder();
  enc.configure({ sampleRate: SR, channels: channels.length as 1 | 2, vbrQuality: 5 });
  const parts: Uint8Array[] = [];
  for (let i = 0; i < channels[0]!.length; i += 4096) parts.push(enc.encode(channels.map((c) => c.subarray(i, i + 4096))).slice());
  parts.push(enc.finalize().slice());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

beforeAll(async () => {
  tmp = tempDir('grym-ogg-');
  const n = SR * 2;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / SR);
    right[i] = 0.25 * Math.sin((2 * Math.PI * 660 * i) / SR);
  }
  ogg = await encodeOgg([left, right]);
});
afterAll(() => tmp.cleanup());

function rms(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (to - from));
}

describe('Ogg Vorbis', () => {
  it('decodes a real Vorbis stream: rate, channels, duration and level come back', async () => {
    const file = join(tmp.dir, 'tone.ogg');
    writeFileSync(file, ogg);
    const a = await decodeFile(file);
    expect(a.sampleRate).toBe(SR);
    expect(a.channels).toHaveLength(2);
    expect(a.channels[0]!.length / SR).toBeGreaterThan(1.9);
    expect(a.channels[0]!.length / SR).toBeLessThan(2.2);
    // a 0.5-amplitude sine has RMS 0.354; the 0.25 one 0.177
    expect(rms(a.channels[0]!, SR / 2, SR)).toBeCloseTo(0.354, 1);
    expect(rms(a.channels[1]!, SR / 2, SR)).toBeCloseTo(0.177, 1);
  });

  it('refuses a truncated Vorbis stream with a coded error, never a crash', async () => {
    for (const cut of [40, 2]) {
      await expect(decodeBuffer(ogg.subarray(0, Math.floor(ogg.length / cut)), 'cut.ogg')).rejects.toMatchObject({ code: 'AUDIO_DECODE' });
    }
  });
});
