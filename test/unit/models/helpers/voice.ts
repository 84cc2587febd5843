/**
 * A synthetic voice for VAD tests (no speech recordings ship with the repo): a glottal pulse train
 * with drifting f0 and vibrato through three formant resonators, vowels changing per syllable,
 * with a syllable envelope. Silero VAD reads it as speech; silence and steady tones it does not.
 */
export function syntheticVoice(seconds: number, sampleRate = 16000, seed = 1): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  const vowels = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410]];
  const states = [0, 0, 0].map(() => [0, 0]);
  const syllable = 0.22;
  let phase = 0;
  let rnd = seed;
  const rand = () => (rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const s = Math.floor(t / syllable);
    const formants = vowels[(s * 7 + seed) % vowels.length]!;
    const f0 = 120 + 20 * Math.sin(2 * Math.PI * 0.7 * t) + 8 * Math.sin(2 * Math.PI * 5 * t);
    phase += f0 / sampleRate;
    let src = 0.02 * (rand() - 0.5);
    if (phase >= 1) {
      phase -= 1;
      src += 1;
    }
    let y = 0;
    formants.forEach((f, k) => {
      const r = Math.exp((-Math.PI * (80 + 40 * k)) / sampleRate);
      const c = 2 * r * Math.cos((2 * Math.PI * f) / sampleRate);
      const st = states[k]!;
      const o = src + c * st[0]! - r * r * st[1]!;
      st[1] = st[0]!;
      st[0] = o;
      y += o / (k + 1);
    });
    const ph = (t % syllable) / syllable;
    out[i] = y * Math.sin(Math.PI * Math.min(1, ph * 1.15)) ** 0.5;
  }
  let peak = 0;
  for (const x of out) peak = Math.max(peak, Math.abs(x));
  for (let i = 0; i < n; i++) out[i]! *= 0.5 / peak;
  return out;
}
