/**
 * Thin wrapper over fft.js (radix-4, real input): reusable buffers and the spectra the analysis needs.
 * Not an FFT of our own; just the bookkeeping around the library.
 */
import FFT from 'fft.js';

export class RealFft {
  readonly size: number;
  readonly bins: number;
  private readonly fft: FFT;
  private readonly out: Float64Array;
  private readonly input: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.out = new Float64Array(size * 2);
    this.input = new Float64Array(size);
  }

  /** The buffer to fill with the (windowed) frame before calling a transform. */
  get frame(): Float64Array {
    return this.input;
  }

  /** Transforms `frame`; returns the interleaved complex spectrum (bins 0..size/2 are valid). */
  transform(): Float64Array {
    this.fft.realTransform(this.out, this.input);
    return this.out;
  }

  /** Transforms `frame` and writes |X[k]| for k = 0..size/2 into `mag`. */
  magnitude(mag: Float32Array | Float64Array): void {
    const o = this.transform();
    for (let k = 0; k < this.bins; k++) {
      const re = o[2 * k]!, im = o[2 * k + 1]!;
      mag[k] = Math.sqrt(re * re + im * im);
    }
  }
}

/**
 * Two real frames for the price of one complex transform (the textbook packing: z = a + i·b, then
 * A[k] = (Z[k] + conj Z[N−k]) / 2 and B[k] = (Z[k] − conj Z[N−k]) / 2i). fft.js's complex transform of
 * size N costs about as much as its real transform of size N, so this halves the FFT work of an STFT.
 */
export class PairedRealFft {
  readonly size: number;
  readonly bins: number;
  private readonly fft: FFT;
  /** Interleaved complex input: fill `re` slots (even indices) with frame a, `im` slots with frame b. */
  readonly packed: Float64Array;
  readonly spectrum: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    this.bins = size / 2 + 1;
    this.fft = new FFT(size);
    this.packed = new Float64Array(size * 2);
    this.spectrum = new Float64Array(size * 2);
  }

  /** Transforms `packed` and writes |A[k]|·scale and |B[k]|·scale, k = 0..size/2, at the given offsets. */
  magnitudes(magA: Float32Array, offA: number, magB: Float32Array, offB: number, scale: number): void {
    const Z = this.spectrum;
    this.fft.transform(Z, this.packed);
    const N = this.size, h = 0.5 * scale;
    for (let k = 0; k < this.bins; k++) {
      const m = (N - k) & (N - 1);
      const zr = Z[2 * k]!, zi = Z[2 * k + 1]!, wr = Z[2 * m]!, wi = Z[2 * m + 1]!;
      const ar = zr + wr, ai = zi - wi, br = zi + wi, bi = wr - zr;
      magA[offA + k] = h * Math.sqrt(ar * ar + ai * ai);
      magB[offB + k] = h * Math.sqrt(br * br + bi * bi);
    }
  }

  /** Transforms `packed` and returns the raw packed spectrum Z (callers separate what they need). */
  transform(): Float64Array {
    this.fft.transform(this.spectrum, this.packed);
    return this.spectrum;
  }

  /** Inverse complex transform (scaled by 1/size) of `spectrum` into `out`. */
  inverse(out: Float64Array, spectrum: Float64Array): void {
    this.fft.inverseTransform(out, spectrum);
  }
}

/** A complex FFT for inverse transforms (fft.js scales its inverse by 1/size). */
export class ComplexFft {
  readonly size: number;
  private readonly fft: FFT;
  constructor(size: number) {
    this.size = size;
    this.fft = new FFT(size);
  }
  forwardReal(out: Float64Array, input: Float64Array): void {
    this.fft.realTransform(out, input);
    this.fft.completeSpectrum(out);
  }
  inverse(out: Float64Array, spectrum: Float64Array): void {
    this.fft.inverseTransform(out, spectrum);
  }
}

export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}
