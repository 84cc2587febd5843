/** The one waveform player the Space shortcut talks to. */
export interface Player {
  playPause: () => unknown;
}

let player: Player | null = null;

export function setPlayer(p: Player | null): void {
  player = p;
}

export function togglePlayback(): boolean {
  if (!player) return false;
  void player.playPause();
  return true;
}
