import type { Taxonomy, TermKind } from '@pledge/policy-spec';

/** What the hand-written check answers: the decision only, no reasons. */
export type Verdict = 'allow' | 'deny';

// policies/accounting-def.yaml written out by hand as nested ifs over Sets: what a careful developer would write
// for this one policy, and the speed a general engine has to match. It knows the policy's rules by heart; the
// vocabulary (which terms exist) comes from the taxonomy, because an unknown term must be denied as the engine
// denies it. Groups list a term together with every term below it where the policy names a parent.

const NAME_CONTACT = new Set(['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address']);
const TECHNICAL = new Set(['user.device.hardware', 'user.device.software', 'user.device.diagnostics']);
const SURVEY = new Set(['user.survey_response', 'user.contact.email', 'user.contact.address', 'user.demographic']);
const PARTNER_DATA = new Set([
  ...NAME_CONTACT,
  'user.device.hardware',
  'user.device.software',
  'user.demographic',
  'user.survey_response',
]);
const ANY_RECORD = new Set([
  ...NAME_CONTACT,
  ...TECHNICAL,
  'user.financial.credit_card',
  'user.financial.credit_report',
  'user.device.cookie_id',
  'user.device.ip_address',
  'user.content.recordings',
  'user.demographic',
  'user.survey_response',
]);
const RECORDING_PURPOSES = new Set([
  'quality_assurance.recording',
  'functional.service_improvement',
  'functional.service_improvement.support_tools',
  'research',
]);
const SURVEY_PURPOSES = new Set(['research', 'functional.service_improvement', 'functional.service_improvement.support_tools']);
const ESSENTIAL_SERVICE = new Set([
  'essential.service',
  'essential.service.support',
  'essential.service.remote_access',
  'essential.service.payment_processing',
  'essential.service.authentication',
  'essential.service.notifications',
  'essential.service.security',
  'essential.service.fraud_detection',
  'essential.service.credit_check',
  'essential.service.billing',
  'essential.service.order_updates',
  'essential.service.account_management',
  'essential.service.site_administration',
]);
const MARKETING = new Set([
  'marketing',
  'marketing.communications',
  'marketing.communications.email',
  'marketing.communications.phone',
  'marketing.communications.post',
  'marketing.advertising',
  'marketing.advertising.third_party',
]);
const LEGAL = new Set(['legal', 'legal.compliance', 'legal.claims', 'legal.law_enforcement']);
const PROCESSORS = new Set([
  'processor',
  'processor.payment',
  'processor.hosting',
  'processor.analytics',
  'processor.support',
  'processor.advertising',
  'processor.communications',
  'processor.it',
]);
const AUTHORITIES = new Set(['authority', 'authority.law_enforcement', 'authority.regulator', 'authority.court']);
// Forbid rules match a flow term that overlaps theirs: the term, what lies below it, and what lies above it.
const SENSITIVE_OVERLAP = new Set([
  'user',
  'user.behavior',
  'user.behavior.browsing_history',
  'user.content',
  'user.content.communications',
  'user.contact',
  'user.contact.email',
  'user.account',
  'user.account.credentials',
  'user.account.preferences',
]);
const CONTENT_OVERLAP = new Set([
  'user',
  'user.content',
  'user.content.communications',
  'user.content.recordings',
  'user.content.files',
  'user.content.images',
]);
const REMOTE_ACCESS_OVERLAP = new Set(['essential', 'essential.service', 'essential.service.remote_access']);
const DURATION = /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$/;

interface FlowFields {
  action?: unknown;
  category?: unknown;
  purpose?: unknown;
  recipient?: unknown;
  subject?: unknown;
  consent?: unknown;
  identifiability?: unknown;
  retention?: unknown;
  source?: unknown;
}

/**
 * The hand-written decision function for policies/accounting-def.yaml, with its vocabulary taken from `taxonomy`
 * (the policy's loaded taxonomy). Takes one flow of one category and answers allow or deny; the benchmark checks
 * that it agrees with the engine on every request before timing it.
 */
export function createAccountingDefCheck(taxonomy: Taxonomy): (flow: unknown) => Verdict {
  const known = (kind: TermKind) => new Set(taxonomy.terms(kind).map((t) => t.id));
  const categories = known('categories');
  const purposes = known('purposes');
  const recipients = known('recipients');
  const sources = known('sources');
  const subjects = known('subjects');
  const jurisdictions = known('jurisdictions');
  const identifiabilities = known('identifiability');
  const consents = new Set([...known('consents'), ...purposes]);

  return function decideAccountingDef(input: unknown): Verdict {
    if (typeof input !== 'object' || input === null) return 'deny';
    const flow = input as FlowFields;

    const category = flow.category;
    if (typeof category !== 'string' || !categories.has(category)) return 'deny';
    const purpose = flow.purpose;
    if (typeof purpose !== 'string' || !purposes.has(purpose)) return 'deny';
    const statedRecipient = flow.recipient;
    let recipient = 'first_party';
    if (statedRecipient !== undefined) {
      if (typeof statedRecipient !== 'string' || !recipients.has(statedRecipient)) return 'deny';
      recipient = statedRecipient;
    }
    const firstParty = recipient === 'first_party';
    const statedAction = flow.action;
    let action = firstParty ? 'use' : 'share';
    if (statedAction !== undefined) {
      if (statedAction !== 'use' && statedAction !== 'share' && statedAction !== 'collect' && statedAction !== 'retain') return 'deny';
      action = statedAction;
    }
    if (firstParty === (action === 'share')) return 'deny';
    const statedIdentifiability = flow.identifiability;
    let identifiability = 'identified';
    if (statedIdentifiability !== undefined) {
      if (typeof statedIdentifiability !== 'string' || !identifiabilities.has(statedIdentifiability)) return 'deny';
      identifiability = statedIdentifiability;
    }
    const source = flow.source;
    if (source !== undefined && (typeof source !== 'string' || !sources.has(source))) return 'deny';
    const given = flow.consent === undefined ? [] : flow.consent;
    if (!Array.isArray(given)) return 'deny';
    for (let i = 0; i < given.length; i++) {
      const c: unknown = given[i];
      if (typeof c !== 'string' || !consents.has(c)) return 'deny';
    }
    const retention = flow.retention;
    if (retention !== undefined && (typeof retention !== 'string' || retention === 'P' || !DURATION.test(retention))) return 'deny';
    const subject = flow.subject;
    if (subject !== undefined) {
      if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) return 'deny';
      const { kind, jurisdiction, age } = subject as { kind?: unknown; jurisdiction?: unknown; age?: unknown };
      if (kind !== undefined && (typeof kind !== 'string' || !subjects.has(kind))) return 'deny';
      if (jurisdiction !== undefined && (typeof jurisdiction !== 'string' || !jurisdictions.has(jurisdiction))) return 'deny';
      if (age !== undefined) {
        if (typeof age !== 'number' || !(age >= 0) || age === Infinity) return 'deny';
        if (age < 13) return 'deny'; // children/under_13: no consent lifts it, no purpose is exempt
      }
    }

    // forbid: no_sale, identified_to_partners, diagnostics_sensitive, remote_access_confidential.
    if (purpose === 'sale_of_data') return 'deny';
    if ((recipient === 'third_party.partner' || recipient === 'third_party') && (identifiability === 'identified' || identifiability === 'pseudonymized')) {
      return 'deny';
    }
    if (SENSITIVE_OVERLAP.has(category) && (source === undefined || source === 'automatic')) return 'deny';
    if (CONTENT_OVERLAP.has(category) && REMOTE_ACCESS_OVERLAP.has(purpose)) return 'deny';

    // retain: every cap is `at_most: purpose`, so retention never denies. Then the allow rules of the action.
    if (action === 'share') return shareAllows(category, purpose, recipient, identifiability, given) ? 'allow' : 'deny';
    if (action === 'collect') {
      if (!collectAllows(category, purpose, source, given)) return 'deny';
      return useAllows(category, purpose, source, identifiability, given) ||
        shareAllows(category, purpose, undefined, identifiability, given)
        ? 'allow'
        : 'deny';
    }
    return useAllows(category, purpose, source, identifiability, given) ? 'allow' : 'deny';
  };
}

// The use rules, each line one rule.
function useAllows(c: string, p: string, source: unknown, identifiability: string, given: readonly string[]): boolean {
  if (NAME_CONTACT.has(c)) {
    if (p === 'essential.service.support' || p === 'essential.service.account_management') return true; // identify_and_contact
    if (p === 'essential.service.payment_processing') return true; // transactions
    if (p === 'essential.service.fraud_detection') return true; // fraud_prevention
    if (p === 'essential.service.credit_check') return true; // credit_check
  }
  if (c === 'user.financial.credit_card' && p === 'essential.service.payment_processing') return true; // transactions
  if (c === 'user.contact.email') {
    if (p === 'essential.service.order_updates') return true; // order_emails
    if (
      p === 'marketing.communications.email' && // newsletter
      (given.includes('marketing.communications.email') || given.includes('marketing.communications') || given.includes('marketing'))
    ) {
      return true;
    }
  }
  if (TECHNICAL.has(c)) {
    if (p === 'essential.service.support') return true; // technical_support
    if (p === 'essential.service.remote_access' && given.includes('remote_access')) return true; // remote_access
  }
  if (c === 'user.device.cookie_id' && (p === 'essential.service.support' || p === 'personalize')) return true; // cookies
  if (c === 'user.content.recordings' && RECORDING_PURPOSES.has(p)) return true; // session_recordings
  if (c === 'user.device.ip_address' && (p === 'analytics' || p === 'essential.service.site_administration')) return true; // log_files
  if (c === 'user.demographic' && p === 'analytics' && source === 'derived' && identifiability === 'aggregated') return true; // aggregate_demographics
  if (c === 'user.financial.credit_report' && p === 'essential.service.credit_check') return true; // credit_check
  if (SURVEY.has(c) && source === 'user_provided' && SURVEY_PURPOSES.has(p) && consentsTo(given, p)) return true; // surveys
  return false;
}

// The share rules; `r` undefined stands for any recipient (the purpose half of a collection).
function shareAllows(c: string, p: string, r: string | undefined, identifiability: string, given: readonly string[]): boolean {
  const nameContact = NAME_CONTACT.has(c);
  if (p === 'essential.service.payment_processing' && (nameContact || c === 'user.financial.credit_card')) {
    if (r === undefined || r === 'processor.payment') return true; // payment_processors
  }
  if (nameContact && p === 'essential.service.credit_check' && (r === undefined || r === 'third_party.credit_bureau')) return true; // credit_bureau
  if (PARTNER_DATA.has(c) && (p === 'analytics' || p === 'research') && (identifiability === 'deidentified' || identifiability === 'aggregated')) {
    if (r === undefined || r === 'third_party.partner') return true; // partners_aggregate
  }
  if (TECHNICAL.has(c) && p === 'essential.service.support' && (r === undefined || r === 'processor.it')) return true; // technical_applications
  if (nameContact) {
    if (ESSENTIAL_SERVICE.has(p) && (r === undefined || r === 'affiliate')) return true; // affiliates_operations
    if (MARKETING.has(p) && (r === undefined || r === 'affiliate') && consentsTo(given, p)) return true; // affiliates_marketing
  }
  if ((nameContact || TECHNICAL.has(c)) && ESSENTIAL_SERVICE.has(p) && (r === undefined || PROCESSORS.has(r))) return true; // service_providers
  if (ANY_RECORD.has(c)) {
    if (LEGAL.has(p) && (r === undefined || AUTHORITIES.has(r))) return true; // legal
    if (p === 'business_transfer' && (r === undefined || r === 'acquirer')) return true; // business_transfer
  }
  return false;
}

// The collect rules: what is collected, and from where.
function collectAllows(c: string, p: string, source: unknown, given: readonly string[]): boolean {
  if (c === 'user.content.recordings') return true; // session_recordings: any source
  if (source === 'user_provided') {
    if (NAME_CONTACT.has(c) || c === 'user.financial.credit_card') return true; // personal_information, payment_card
    if (c === 'user.device.hardware' || c === 'user.device.software') return true; // technical_information
    if (SURVEY.has(c) && consentsTo(given, p)) return true; // surveys
  } else if (source === 'automatic') {
    if (TECHNICAL.has(c) && given.includes('remote_access')) return true; // diagnostic_tools
    if (c === 'user.device.cookie_id' || c === 'user.device.ip_address') return true; // cookies, log_files
  } else if (source === 'derived') {
    if (c === 'user.demographic') return true; // log_demographics
  } else if (source === 'third_party_source') {
    if (NAME_CONTACT.has(c) || c === 'user.financial.credit_report') return true; // supplementary_data, credit_report
  }
  return false;
}

// Consent to a purpose covers the purposes below it: `marketing` covers `marketing.communications.email`.
function consentsTo(given: readonly string[], purpose: string): boolean {
  for (let i = 0; i < given.length; i++) {
    const g = given[i]!;
    if (g === purpose || (purpose.length > g.length && purpose.charCodeAt(g.length) === 46 && purpose.startsWith(g))) return true;
  }
  return false;
}
