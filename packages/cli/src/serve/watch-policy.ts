import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A running watch; `close()` stops it and cancels a pending callback. */
export interface PolicyWatch {
  close(): void;
}

/**
 * Calls `onChange` once things settle after the file at `path` changes. It watches the directory, not the
 * file: editors that save by writing a new file and renaming it over the old one replace the inode, and a
 * watch on the old inode would go quiet. Events within `debounceMs` of each other make one call.
 * `onError` hears when watching stops (the directory was removed, for instance).
 */
export function watchPolicy(path: string, onChange: () => void, onError: (error: Error) => void, debounceMs = 100): PolicyWatch {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    // Some platforms do not say which file changed; then any change in the directory may be ours.
    if (filename !== null && filename.toString() !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', (error) => {
    clearTimeout(timer);
    watcher.close();
    onError(error);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
