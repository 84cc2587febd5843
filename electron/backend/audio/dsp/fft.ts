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
