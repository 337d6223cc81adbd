import type { SessionRecording, RemoteSession } from '../domain/session.js';
import { addDays, type Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { Database } from '../storage/repository.js';
import type { RecordingArchive } from '../vendors/recording-archive.js';

/** How long recordings serve quality review and training before they are deleted. */
const KEEP_DAYS = 90;

/** Recordings of support sessions, kept on our own storage to review and improve our support. */
export class RecordingService {
  constructor(
    private readonly db: Database,
    private readonly archive: RecordingArchive,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Files the recording the relay produced when a session ended. */
  file(session: RemoteSession, mediaKey: string, durationSeconds: number): Result<SessionRecording> {
    if (session.state !== 'ended') return fail('conflict', 'only ended sessions have recordings');
    const recording: SessionRecording = { id: newId('rec'), sessionId: session.id, durationSeconds, mediaKey };
    this.archive.store(recording, addDays(this.clock.now(), KEEP_DAYS));
    this.db.sessions.put({ ...session, recordingId: recording.id });
    this.logger.info('recording filed', { session: session.id, seconds: durationSeconds });
    return ok(recording);
  }

  /** Deletes recordings past their time. Runs nightly. */
  expire(): number {
    const removed = this.archive.expire(this.clock.now());
    if (removed > 0) this.logger.info('recordings expired', { removed });
    return removed;
  }
}
