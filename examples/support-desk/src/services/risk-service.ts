import { displayName, formatAddress, type Customer } from '../domain/customer.js';
import type { Logger } from '../lib/logger.js';
import type { Money } from '../lib/money.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { CreditBureau, CreditReport } from '../vendors/credit-bureau.js';
import type { FraudScreen, FraudSignals } from '../vendors/fraud-screen.js';

/** The lowest credit score for which we bill monthly instead of asking for payment up front. */
const MIN_SCORE_FOR_MONTHLY = 620;
const MAX_FRAUD_RISK = 0.8;

/** Fraud screening of orders and credit checks before monthly billing. */
export class RiskService {
  constructor(
    private readonly fraud: FraudScreen,
    private readonly bureau: CreditBureau,
    private readonly logger: Logger,
  ) {}

  /** Screens an order before it is charged; risky orders go to manual review. */
  async screenOrder(customer: Customer, total: Money): Promise<Result<{ review: boolean }>> {
    const signals: FraudSignals = { name: displayName(customer), email: customer.email, orderValueMinor: total.minor };
    if (customer.phone) signals.phone = customer.phone;
    if (customer.postalAddress) signals.postcode = customer.postalAddress.postcode;
    const { risk, reasons } = await this.fraud.score(signals);
    if (risk > MAX_FRAUD_RISK) this.logger.warn('order held for review', { customer: customer.id, risk, reasons: reasons.join(',') });
    return ok({ review: risk > MAX_FRAUD_RISK });
  }

  /** Asks the credit bureau whether the customer may switch to monthly billing. */
  async checkCredit(customer: Customer): Promise<Result<{ monthlyBilling: boolean; report: CreditReport }>> {
    if (!customer.postalAddress) return fail('invalid', 'a postal address is needed for a credit check');
    const report = await this.bureau.requestReport({
      fullName: displayName(customer),
      postcode: customer.postalAddress.postcode,
      addressLine: formatAddress(customer.postalAddress),
    });
    this.logger.info('credit checked', { customer: customer.id, band: report.band });
    return ok({ monthlyBilling: report.score >= MIN_SCORE_FOR_MONTHLY, report });
  }
}
