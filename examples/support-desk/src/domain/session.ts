import type { CustomerId, DeviceId, RecordingId, SessionId, TechnicianId, TicketId } from '../lib/ids.js';

/** A remote-control session in which a technician works on the customer's computer. */
export interface RemoteSession {
  id: SessionId;
  ticketId: TicketId;
  customerId: CustomerId;
  deviceId: DeviceId;
  technician: TechnicianId;
  state: 'requested' | 'consent_pending' | 'connected' | 'ended' | 'refused';
  /** What the customer agreed to for this session, as taxonomy ids. */
  consents: readonly string[];
  /** The customer must stay at the computer; the agent reports whether someone is there. */
  customerPresent: boolean;
  startedAt?: Date;
  endedAt?: Date;
  recordingId?: RecordingId;
}

/**
 * The audio and screen recording of a support session.
 * @pledge user.content.recordings
 * @pledge-source automatic
 */
export interface SessionRecording {
  id: RecordingId;
  sessionId: SessionId;
  durationSeconds: number;
  mediaKey: string;
  transcript?: string;
}

/** Whether the technician may keep working: the customer must be present for the whole session. */
export function mayContinue(session: RemoteSession): boolean {
  return session.state === 'connected' && session.customerPresent;
}

export function sessionMinutes(session: RemoteSession): number {
  if (!session.startedAt) return 0;
  const end = session.endedAt ?? session.startedAt;
  return Math.ceil((end.getTime() - session.startedAt.getTime()) / 60000);
}
