import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import { openPolicyGate, type PolicyGate } from './privacy/policy-gate.js';
import { AffiliateSync } from './services/affiliate-sync.js';
import { BillingService } from './services/billing-service.js';
import { CustomerService } from './services/customer-service.js';
import { DiagnosticsService } from './services/diagnostics-service.js';
import { LeadService } from './services/lead-service.js';
import { MarketingService } from './services/marketing-service.js';
import { NewsletterService } from './services/newsletter-service.js';
import { PartnerReports } from './services/partner-reports.js';
import { RecordingService } from './services/recording-service.js';
import { RemoteSessionService } from './services/remote-session-service.js';
import { ReportingService } from './services/reporting-service.js';
import { RiskService } from './services/risk-service.js';
import { SurveyService } from './services/survey-service.js';
import { TicketService } from './services/ticket-service.js';
import { WebAnalytics } from './services/web-analytics.js';
import { createDatabase, type Database } from './storage/repository.js';
import { AdNetwork } from './vendors/ad-network.js';
import { AffiliateDirectory } from './vendors/affiliate-directory.js';
import { analytics } from './vendors/analytics.js';
import { CreditBureau } from './vendors/credit-bureau.js';
import { DiagnosticsUploader } from './vendors/diagnostics-uploader.js';
import type { HttpClient } from './vendors/http-client.js';
import { Mailer, type MailTransport } from './vendors/mailer.js';
import { PartnerFeed } from './vendors/partner-feed.js';
import { PaymentGateway } from './vendors/payment-gateway.js';
import { RecordingArchive } from './vendors/recording-archive.js';
import { RemoteControl } from './vendors/remote-control.js';
import { SiteMetrics } from './vendors/site-metrics.js';
import { SurveyWarehouse } from './vendors/survey-warehouse.js';
import { FraudScreen } from './vendors/fraud-screen.js';

/** What the service needs from its environment. */
export interface Environment {
  policyPath: string;
  http: HttpClient;
  mail: MailTransport;
  gatewayKey: string;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
}

/** Every service, wired together. */
export interface Services {
  db: Database;
  gate: PolicyGate;
  customers: CustomerService;
  tickets: TicketService;
  billing: BillingService;
  newsletter: NewsletterService;
  sessions: RemoteSessionService;
  diagnostics: DiagnosticsService;
  recordings: RecordingService;
  webAnalytics: WebAnalytics;
  surveys: SurveyService;
  partners: PartnerReports;
  risk: RiskService;
  marketing: MarketingService;
  affiliates: AffiliateSync;
  leads: LeadService;
  reports: ReportingService;
}

/** Builds the service. It refuses to start without a valid policy: no policy, no personal data. */
export async function createServices(env: Environment): Promise<Services> {
  const { clock, logger } = env;
  const gate = await openPolicyGate(env.policyPath, logger);
  const db = createDatabase();
  const mailer = new Mailer(env.mail, 'Accounting DEF support <support@accounting-def.example>');
  analytics.configure(env.http);
  return {
    db,
    gate,
    customers: new CustomerService(db, mailer, gate, clock, logger),
    tickets: new TicketService(db, mailer, clock, logger),
    billing: new BillingService(db, new PaymentGateway(env.http, env.gatewayKey), mailer, gate, clock, logger, env.sleep),
    newsletter: new NewsletterService(db, mailer, gate, clock, logger),
    sessions: new RemoteSessionService(db, new RemoteControl(env.http), gate, clock, logger),
    diagnostics: new DiagnosticsService(db, new DiagnosticsUploader(env.http), gate, logger),
    recordings: new RecordingService(db, new RecordingArchive(), clock, logger),
    webAnalytics: new WebAnalytics(db, new SiteMetrics(), clock),
    surveys: new SurveyService(db, new SurveyWarehouse(), gate, clock, logger),
    partners: new PartnerReports(db, new PartnerFeed(env.http)),
    risk: new RiskService(new FraudScreen(env.http), new CreditBureau(env.http), logger),
    marketing: new MarketingService(db, new AdNetwork(env.http), clock, logger),
    affiliates: new AffiliateSync(db, new AffiliateDirectory(env.http), gate),
    leads: new LeadService(mailer, clock, logger),
    reports: new ReportingService(db, mailer, clock),
  };
}
