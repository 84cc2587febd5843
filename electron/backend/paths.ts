/**
 * Where grym keeps its data: the platform's application-data directory, the same one Electron's
 * `app.getPath('userData')` uses (`~/.config/grym-synth` on Linux, `~/Library/Application Support/grym-synth`
 * on macOS, `%APPDATA%\grym-synth` on Windows). `--data-dir` or `GRYM_DATA_DIR` overrides it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'grym-synth';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GRYM_DATA_DIR) return env.GRYM_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export function resolveDataDir(flag?: string): string {
  return flag ?? defaultDataDir();
}
