import type { Taxonomy } from '@pledge/policy-spec';

// policies/accounting-def.yaml encoded in Cedar by hand, rule by rule (each Cedar policy's @id is the Pledge rule).
//
// A flow becomes a Cedar request (see create-cedar-decider.ts): principal = the recipient, action = the flow's
// action, resource = the category, and the context carries the purpose, identifiability, consents and whatever
// else the flow states. Terms are entities whose ancestors are the terms above them plus the root of their kind
// (`Category::"*"`), so `resource in Category::"user.contact"` is "inside user.contact" and a term that is not in
// the taxonomy reaches no root. Each request carries the entities of its own terms.
//
// Forbid rules match a flow term that overlaps theirs, so they test "inside" with `in` and "above" against the
// listed ancestors. A dimension a flow leaves unstated is an absent context attribute.

/** Categories the policy's rules name in groups. */
const NAME_CONTACT = 'Category::"user.name", Category::"user.contact.email", Category::"user.contact.phone_number", Category::"user.contact.address"';
const TECHNICAL = 'Category::"user.device.hardware", Category::"user.device.software", Category::"user.device.diagnostics"';
const SURVEY = 'Category::"user.survey_response", Category::"user.contact.email", Category::"user.contact.address", Category::"user.demographic"';
const ANY_RECORD = `${NAME_CONTACT}, Category::"user.financial.credit_card", Category::"user.financial.credit_report", ${TECHNICAL},
    Category::"user.device.cookie_id", Category::"user.device.ip_address", Category::"user.content.recordings",
    Category::"user.demographic", Category::"user.survey_response"`;

const source = (s: string) => `(context has source && context.source == Source::"${s}")`;
/** Consent to `purpose` given directly or to a purpose above it. */
const consentTo = (purpose: string) => {
  const above = purpose.split('.').map((_, i, parts) => `Purpose::"${parts.slice(0, i + 1).join('.')}"`);
  return `context.consent.containsAny([${above.join(', ')}])`;
};
/** `requires: { consent: purpose }`: consent to the flow's own purpose or one above it. */
const CONSENT_TO_PURPOSE = 'context.purpose in context.consent';

/** The use rules: condition on the flow (the action is checked by the permit's scope). */
const USE_RULES: readonly [string, string][] = [
  ['identify_and_contact', `resource in [${NAME_CONTACT}] && context.purpose in [Purpose::"essential.service.support", Purpose::"essential.service.account_management"]`],
  ['transactions', `resource in [${NAME_CONTACT}, Category::"user.financial.credit_card"] && context.purpose in Purpose::"essential.service.payment_processing"`],
  ['order_emails', `resource in Category::"user.contact.email" && context.purpose in Purpose::"essential.service.order_updates"`],
  ['newsletter', `resource in Category::"user.contact.email" && context.purpose in Purpose::"marketing.communications.email" && ${consentTo('marketing.communications.email')}`],
  ['technical_support', `resource in [${TECHNICAL}] && context.purpose in Purpose::"essential.service.support"`],
  ['remote_access', `resource in [${TECHNICAL}] && context.purpose in Purpose::"essential.service.remote_access" && context.consent.contains(Consent::"remote_access")`],
  ['cookies', `resource in Category::"user.device.cookie_id" && context.purpose in [Purpose::"essential.service.support", Purpose::"personalize"]`],
  ['session_recordings', `resource in Category::"user.content.recordings" && context.purpose in [Purpose::"quality_assurance.recording", Purpose::"functional.service_improvement", Purpose::"research"]`],
  ['log_files', `resource in Category::"user.device.ip_address" && context.purpose in [Purpose::"analytics", Purpose::"essential.service.site_administration"]`],
  ['aggregate_demographics', `resource in Category::"user.demographic" && ${source('derived')} && context.identifiability == Identifiability::"aggregated" && context.purpose in Purpose::"analytics"`],
  ['fraud_prevention', `resource in [${NAME_CONTACT}] && context.purpose in Purpose::"essential.service.fraud_detection"`],
  ['credit_check', `resource in [${NAME_CONTACT}, Category::"user.financial.credit_report"] && context.purpose in Purpose::"essential.service.credit_check"`],
  ['surveys', `resource in [${SURVEY}] && ${source('user_provided')} && context.purpose in [Purpose::"research", Purpose::"functional.service_improvement"] && ${CONSENT_TO_PURPOSE}`],
];

/** The share rules: condition without the recipient, and the recipient condition. */
const SHARE_RULES: readonly [string, string, string][] = [
  ['payment_processors', `resource in [Category::"user.financial.credit_card", ${NAME_CONTACT}] && context.purpose in Purpose::"essential.service.payment_processing"`, 'principal in Recipient::"processor.payment"'],
  ['credit_bureau', `resource in [${NAME_CONTACT}] && context.purpose in Purpose::"essential.service.credit_check"`, 'principal in Recipient::"third_party.credit_bureau"'],
  ['partners_aggregate', `resource in [${NAME_CONTACT}, Category::"user.device.hardware", Category::"user.device.software", Category::"user.demographic", Category::"user.survey_response"] && context.purpose in [Purpose::"analytics", Purpose::"research"] && context.identifiability in [Identifiability::"deidentified", Identifiability::"aggregated"]`, 'principal in Recipient::"third_party.partner"'],
  ['technical_applications', `resource in [${TECHNICAL}] && context.purpose in Purpose::"essential.service.support"`, 'principal in Recipient::"processor.it"'],
  ['affiliates_operations', `resource in [${NAME_CONTACT}] && context.purpose in Purpose::"essential.service"`, 'principal in Recipient::"affiliate"'],
  ['affiliates_marketing', `resource in [${NAME_CONTACT}] && context.purpose in Purpose::"marketing" && ${CONSENT_TO_PURPOSE}`, 'principal in Recipient::"affiliate"'],
  ['service_providers', `resource in [${NAME_CONTACT}, ${TECHNICAL}] && context.purpose in Purpose::"essential.service"`, 'principal in Recipient::"processor"'],
  ['legal', `resource in [${ANY_RECORD}] && context.purpose in Purpose::"legal"`, 'principal in Recipient::"authority"'],
  ['business_transfer', `resource in [${ANY_RECORD}] && context.purpose in Purpose::"business_transfer"`, 'principal in Recipient::"acquirer"'],
];

/** The collect rules: what is collected and from where. */
const COLLECT_RULES: readonly [string, string][] = [
  ['personal_information', `resource in [${NAME_CONTACT}] && ${source('user_provided')}`],
  ['payment_card', `resource in Category::"user.financial.credit_card" && ${source('user_provided')}`],
  ['technical_information', `resource in [Category::"user.device.hardware", Category::"user.device.software"] && ${source('user_provided')}`],
  ['diagnostic_tools', `resource in [${TECHNICAL}] && ${source('automatic')} && context.consent.contains(Consent::"remote_access")`],
  ['cookies', `resource in Category::"user.device.cookie_id" && ${source('automatic')}`],
  ['session_recordings', 'resource in Category::"user.content.recordings"'],
  ['log_files', `resource in Category::"user.device.ip_address" && ${source('automatic')}`],
  ['log_demographics', `resource in Category::"user.demographic" && ${source('derived')}`],
  ['supplementary_data', `resource in [${NAME_CONTACT}] && ${source('third_party_source')}`],
  ['credit_report', `resource in Category::"user.financial.credit_report" && ${source('third_party_source')}`],
  ['surveys', `resource in [${SURVEY}] && ${source('user_provided')} && ${CONSENT_TO_PURPOSE}`],
];

const FORBID_RULES: readonly [string, string][] = [
  ['no_sale', 'context.purpose in Purpose::"sale_of_data"'],
  [
    'identified_to_partners',
    '(principal in Recipient::"third_party.partner" || principal == Recipient::"third_party") && context.identifiability in [Identifiability::"identified", Identifiability::"pseudonymized"]',
  ],
  [
    'diagnostics_sensitive',
    `(resource in [Category::"user.behavior.browsing_history", Category::"user.content.communications", Category::"user.contact.email", Category::"user.account"]
      || [Category::"user", Category::"user.behavior", Category::"user.content", Category::"user.contact"].contains(resource))
    && (!(context has source) || context.source == Source::"automatic")`,
  ],
  [
    'remote_access_confidential',
    `(resource in Category::"user.content" || resource == Category::"user")
    && (context.purpose in Purpose::"essential.service.remote_access" || [Purpose::"essential", Purpose::"essential.service"].contains(context.purpose))`,
  ],
];

/**
 * The Cedar policy set for accounting-def, as policy id (the Pledge rule reference) → Cedar policy text.
 * `taxonomy` supplies the one thing Cedar cannot say element by element: that every consent the flow lists is a
 * known consent or purpose (a literal set of them).
 */
export function accountingDefCedar(taxonomy: Taxonomy): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (id: string, effect: 'permit' | 'forbid', scope: string, condition: string, keyword = 'when') => {
    out[id] = `${effect} (principal, ${scope}, resource)\n${keyword} {\n  ${condition}\n};`;
  };

  // Step 1: the flow is well formed. Terms outside the taxonomy reach no root; collect, use and retain stay first party.
  add(
    'error/unknown-term',
    'forbid',
    'action',
    `resource in Category::"*" && principal in Recipient::"*" && context.purpose in Purpose::"*"
  && context.identifiability in Identifiability::"*"
  && (!(context has source) || context.source in Source::"*")
  && (!(context has kind) || context.kind in Subject::"*")
  && (!(context has jurisdiction) || context.jurisdiction in Jurisdiction::"*")`,
    'unless',
  );
  const knownConsents = [
    ...taxonomy.terms('consents').map((t) => `Consent::"${t.id}"`),
    ...taxonomy.terms('purposes').map((t) => `Purpose::"${t.id}"`),
  ];
  // Most flows list no consent: test that first, so the literal set is built only when there is one to check.
  add(
    'error/unknown-consent',
    'forbid',
    'action',
    `context.consent.isEmpty() || [${knownConsents.join(', ')}].containsAll(context.consent)`,
    'unless',
  );
  add('error/recipient-action-mismatch', 'forbid', 'action in [Action::"collect", Action::"use", Action::"retain"]', 'principal == Recipient::"first_party"', 'unless');
  add('error/recipient-action-mismatch-share', 'forbid', 'action == Action::"share"', 'principal == Recipient::"first_party"');
  // Step 3: children. No consent lifts it and no purpose is exempt.
  add('children/under_13', 'forbid', 'action', 'context has age && context.age < 13');
  // Step 4: forbid.
  for (const [id, condition] of FORBID_RULES) add(`forbid/${id}`, 'forbid', 'action', condition);
  // Step 5: allow. Use rules allow `use` and `retain`; collection needs a collect rule and a purpose rule.
  for (const [id, condition] of USE_RULES) add(`use/${id}`, 'permit', 'action in [Action::"use", Action::"retain"]', condition);
  for (const [id, condition, recipient] of SHARE_RULES) add(`share/${id}`, 'permit', 'action == Action::"share"', `${condition}\n  && ${recipient}`);
  const purposeHalf = [...USE_RULES.map(([, c]) => c), ...SHARE_RULES.map(([, c]) => c)].map((c) => `(${c})`).join('\n    || ');
  for (const [id, condition] of COLLECT_RULES) {
    add(`collect/${id}`, 'permit', 'action == Action::"collect"', `${condition}\n  && (${purposeHalf})`);
  }
  // Step 6: every retain rule of this policy caps at `purpose`, which never denies.
  return out;
}

/** The policy set as one Cedar text, each policy under its `@id`, for people to read. */
export function formatCedarPolicies(policies: Record<string, string>): string {
  return Object.entries(policies)
    .map(([id, text]) => `@id("${id}")\n${text}\n`)
    .join('\n');
}
