import type { SessionRecording } from '../domain/session.js';

/** Our own archive of session recordings, on our storage. */
export class RecordingArchive {
  readonly #items = new Map<string, { recording: SessionRecording; purpose: string; keptUntil: Date }>();

  store(recording: SessionRecording, keptUntil: Date): void {
    this.#items.set(recording.id, { recording, purpose: 'quality', keptUntil });
  }

  expire(now: Date): number {
    let removed = 0;
    for (const [id, item] of this.#items) {
      if (item.keptUntil <= now) {
        this.#items.delete(id);
        removed++;
      }
    }
    return removed;
  }

  size(): number {
    return this.#items.size;
  }
}
