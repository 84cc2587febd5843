/**
 * Execution-provider detection. CPU is always there. CUDA needs three things: onnxruntime-node's
 * CUDA provider library (`libonnxruntime_providers_cuda.so`, fetched by its install script, which
 * offline installs skip), the CUDA runtime libraries (cudart, cublasLt, cudnn), and a GPU device.
 * When any is missing the pool runs on CPU and logs why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProvider } from './registry-schema.ts';

export interface ProviderStatus {
  provider: ExecutionProvider;
  available: boolean;
  /** Why it is not available (or what was found). */
  reason: string;
}

function ortBinDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    const dir = join(root, 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

function libraryDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  dirs.push('/usr/local/cuda/lib64', '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/local/lib');
  return dirs;
}

function findLibrary(prefix: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of libraryDirs(env)) {
    try {
      if (readdirSync(dir).some((f) => f.startsWith(prefix))) return true;
    } catch {
      /* not there */
    }
  }
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).includes(prefix);
  } catch {
    return false;
  }
}

export function detectCuda(env: NodeJS.ProcessEnv = process.env): ProviderStatus {
  const no = (reason: string): ProviderStatus => ({ provider: 'cuda', available: false, reason });
  if (process.platform !== 'linux' && process.platform !== 'win32') return no(`onnxruntime-node has no CUDA provider on ${process.platform}`);
  const bin = ortBinDir();
  const providerLib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (!bin || !existsSync(join(bin, providerLib))) {
    return no(`onnxruntime-node's CUDA provider library (${providerLib}) is not installed; reinstall onnxruntime-node with network access and ONNXRUNTIME_NODE_INSTALL_CUDA=v12`);
  }
  if (process.platform === 'linux') {
    if (!existsSync('/dev/nvidia0') && !existsSync('/dev/nvidiactl')) return no('no NVIDIA GPU device (/dev/nvidia0) on this machine');
    for (const lib of ['libcudart.so', 'libcublasLt.so', 'libcudnn.so']) {
      if (!findLibrary(lib, env)) return no(`the CUDA runtime library ${lib} was not found (LD_LIBRARY_PATH, /usr/local/cuda/lib64, ldconfig)`);
    }
  }
  return { provider: 'cuda', available: true, reason: 'CUDA provider library, runtime libraries and a GPU device found' };
}

export function detectProviders(env: NodeJS.ProcessEnv = process.env): ProviderStatus[] {
  return [{ provider: 'cpu', available: true, reason: 'always available' }, detectCuda(env)];
}

/**
 * Picks the provider for a model: the preferred one when the model supports it and it is present,
 * otherwise CPU, with the reason for falling back.
 */
export function chooseProvider(
  supported: readonly ExecutionProvider[],
  statuses: readonly ProviderStatus[],
  preferred: ExecutionProvider | 'auto' = 'auto',
): { provider: ExecutionProvider; fallbackReason?: string } {
  const want: ExecutionProvider = preferred === 'auto' ? (supported.includes('cuda') ? 'cuda' : 'cpu') : preferred;
  if (want === 'cpu') return { provider: 'cpu' };
  if (!supported.includes(want)) return { provider: 'cpu', fallbackReason: `the model does not support ${want}` };
  const st = statuses.find((s) => s.provider === want);
  if (!st?.available) return { provider: 'cpu', fallbackReason: st?.reason ?? `${want} is unknown` };
  return { provider: want };
}
