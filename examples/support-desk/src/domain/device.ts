import type { CustomerId, DeviceId } from '../lib/ids.js';

/**
 * A customer's computer as the customer describes it when opening a ticket.
 * @pledge-source user_provided
 */
export interface DeviceProfile {
  id: DeviceId;
  customerId: CustomerId;
  /** @pledge user.device.hardware */
  hardware: HardwareDetails;
  /** @pledge user.device.software */
  operatingSystem: string;
  /** @pledge user.device.software */
  installedSoftware: string[];
  purchasedOn?: string;
}

export interface HardwareDetails {
  make: string;
  model: string;
  memoryGb: number;
  peripherals: string[];
}

/**
 * What the diagnostic agent reads off a customer's computer during a session, without the customer typing it.
 * @pledge-source automatic
 */
export interface DiagnosticReport {
  deviceId: DeviceId;
  collectedAt: Date;
  /** @pledge user.device.diagnostics */
  crashes: CrashRecord[];
  /** @pledge user.device.diagnostics */
  diskHealth: { freeGb: number; smartErrors: number };
  /** @pledge user.device.software */
  runningProcesses: string[];
  /** The account configured in the mail client, read from its settings file. @pledge user.contact.email */
  mailClientAccount?: string;
  /** @pledge user.behavior.browsing_history */
  recentUrls?: string[];
}

export interface CrashRecord {
  application: string;
  code: string;
  at: string;
}

/** The report without anything the policy keeps out of automatic collection (mail accounts, browsing). */
export function withoutSensitiveFields(report: DiagnosticReport): Omit<DiagnosticReport, 'mailClientAccount' | 'recentUrls'> {
  const { mailClientAccount: _account, recentUrls: _urls, ...rest } = report;
  return rest;
}

/** A one-line summary technicians see in the ticket. */
export function summarizeReport(report: DiagnosticReport): string {
  const crashes = report.crashes.length;
  return `${crashes} crash${crashes === 1 ? '' : 'es'}, ${report.diskHealth.freeGb} GB free, ${report.diskHealth.smartErrors} disk errors`;
}
