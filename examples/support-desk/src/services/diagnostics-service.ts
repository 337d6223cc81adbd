import { summarizeReport, withoutSensitiveFields, type DiagnosticReport } from '../domain/device.js';
import type { RemoteSession } from '../domain/session.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import type { DiagnosticsUploader } from '../vendors/diagnostics-uploader.js';

/** The diagnostic agent's reports: read during a session, analysed by our IT tooling vendor. */
export class DiagnosticsService {
  readonly #reports = new Map<string, DiagnosticReport[]>();

  constructor(
    private readonly db: Database,
    private readonly uploader: DiagnosticsUploader,
    private readonly gate: PolicyGate,
    private readonly logger: Logger,
  ) {}

  /** The agent read a report off the customer's computer during a session the customer agreed to. */
  receive(session: RemoteSession, report: DiagnosticReport): Result<string> {
    if (session.state !== 'connected') return fail('conflict', 'reports are accepted only during a session');
    const mayRead = this.gate.allows({
      action: 'collect',
      category: 'user.device.diagnostics',
      purpose: 'essential.service.support',
      consent: session.consents,
      source: 'automatic',
    });
    if (!mayRead) return fail('denied', 'the customer has not agreed to diagnostics');
    const list = this.#reports.get(session.id) ?? [];
    list.push(report);
    this.#reports.set(session.id, list);
    return ok(summarizeReport(report));
  }

  /** Sends the session's reports for analysis, without the fields the policy keeps out of automatic collection. */
  async analyse(session: RemoteSession): Promise<Result<string[]>> {
    const reports = this.#reports.get(session.id) ?? [];
    if (reports.length === 0) return fail('not_found', 'no reports for this session');
    const ids: string[] = [];
    for (const report of reports) {
      const { analysisId } = await this.uploader.upload(session.ticketId, withoutSensitiveFields(report));
      ids.push(analysisId);
    }
    this.logger.info('diagnostics analysed', { session: session.id, reports: reports.length });
    return ok(ids);
  }

  /** The "send everything" button from the first version of the agent, still wired to the old endpoint. */
  async uploadRaw(session: RemoteSession, report: DiagnosticReport): Promise<string> {
    const { analysisId } = await this.uploader.upload(session.ticketId, { ...report, sessionId: session.id }); // expect-pledge: PLL001
    return analysisId;
  }

  forget(sessionId: string): void {
    this.#reports.delete(sessionId);
    const session = this.db.sessions.get(sessionId);
    if (session) this.logger.info('diagnostics forgotten', { session: session.id });
  }
}
