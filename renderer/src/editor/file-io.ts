/** Browser file plumbing: save a workflow as a JSON download, pick one from disk. */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function pickJsonFile(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.setAttribute('aria-label', 'Workflow file');
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) return resolve(null);
      file.text().then((t) => resolve(JSON.parse(t)), reject);
    });
    document.body.appendChild(input);
    input.click();
  });
}

export function safeFileName(name: string): string {
  return (name.trim() || 'untitled').replace(/[^A-Za-z0-9 _.-]+/g, '_');
}
