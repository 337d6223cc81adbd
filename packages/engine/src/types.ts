/** What a flow does with the data. A `retain` flow (keeping data) is decided by `use` rules. */
export type FlowAction = 'collect' | 'use' | 'share' | 'retain';

/**
 * A data flow a service asks about: "may I do this with this data?". The engine accepts any value and checks it
 * (a wrong flow is a deny with an `error/…` reason); this type describes the shape it accepts.
 */
export interface Flow {
  /** Default: `share` when `recipient` is not `first_party` (or below it), else `use`. */
  action?: FlowAction;
  /** One category id, or several: the decision is then the conjunction (all must be allowed). */
  category: string | readonly string[];
  purpose: string;
  /** Default: `first_party`. `collect`, `use` and `retain` flows stay with `first_party`. */
  recipient?: string;
  subject?: FlowSubject;
  /** What the subject has granted: purpose ids (consent to a purpose covers its sub-purposes) and named consents. */
  consent?: readonly string[];
  /** Default: `identified`. */
  identifiability?: string;
  /** How long the data will be kept for this flow: an ISO 8601 duration in years, months, weeks or days (`P30D`). */
  retention?: string;
  /** Where the data came from. Unstated, it matches every forbid or retain rule that names sources. */
  source?: string;
}

/** Whom the data is about. Every field is optional; an unstated `kind` or `jurisdiction` matches forbid rules naming one. */
export interface FlowSubject {
  kind?: string;
  /** Age in years. Absent: not known to be a child. */
  age?: number;
  /** An ISO 3166 code or a region. */
  jurisdiction?: string;
}

/** The answer to a flow. Decisions are frozen: copy one before changing it. */
export interface Decision {
  readonly decision: 'allow' | 'deny';
  /** An allow lists the rules that allowed; a deny lists what denied (see the README, "Semantics"). Never empty. */
  readonly reasons: readonly Reason[];
  /** What the caller must do; present only on an allow. */
  readonly obligations: readonly DecisionObligation[];
  readonly policy: PolicyStamp;
}

/** One rule (or built-in reason) behind a decision. */
export interface Reason {
  /**
   * `section/id` of a policy rule (`use/newsletter`, `forbid/no-sale`, `retain/contact`), `children/<id>` or
   * `children/under-<N>`, `default/deny` when nothing allows the flow, or `error/<code>` for a bad flow
   * (see {@link ERROR_CODES}).
   */
  readonly rule: string;
  /**
   * The effect of the rule: `deny` for what denied; `allow` for an allowing rule, also inside a deny when the
   * rule matched but was short of something (then `missing` or `unstated` says what).
   */
  readonly effect: 'allow' | 'deny';
  /** The category this reason is about; present when the flow names more than one category. */
  readonly category?: string;
  /** The rule's plain-language `says:` sentence. */
  readonly says?: string;
  /** Where the rule is written: `policies/x.yaml:12:5`. */
  readonly at?: string;
  /** Unmet requirements, e.g. `['consent marketing.communications.email']`. */
  readonly missing?: readonly string[];
  /**
   * Flow fields (`source`, `subject.kind`, `subject.jurisdiction`) whose absence made this reason apply: a forbid or
   * retain rule that names the dimension matches a flow that does not state it; an allow rule does not.
   */
  readonly unstated?: readonly string[];
  /** A short lowercase explanation for people reading the decision. */
  readonly message?: string;
}

/** Something the caller must do because a flow was allowed. */
export interface DecisionObligation {
  /** An obligation kind from the taxonomy (`retain_at_most`, `unsubscribe_link`, …). */
  readonly kind: string;
  /** For `retain_at_most` and obligations declared with one: an ISO 8601 duration. */
  readonly duration?: string;
  /** The rule that imposes it (`use/newsletter`, `retain/contact`). */
  readonly rule: string;
}

/** Which policy made a decision. */
export interface PolicyStamp {
  readonly id: string;
  readonly version: string;
  /** `sha256:<hex>` of the policy's text (UTF-8). */
  readonly digest: string;
}

/** A compiled policy: decide flows many times. Immutable; reloading a policy builds a new Decider. */
export interface Decider {
  readonly policy: PolicyStamp;
  /** Decides one flow. Synchronous; never throws (a bad flow or an internal failure is a deny with `error/…`). */
  decide(flow: unknown): Decision;
  /** Decides each flow in order. Throws a `TypeError` only when `flows` is not an array (a caller bug). */
  decideMany(flows: readonly unknown[]): Decision[];
}

/**
 * The error codes a flow can be denied with, as `error/<code>` reasons. Closed and stable: callers may match on them.
 */
export const ERROR_CODES = {
  'invalid-flow': 'the flow is not a JSON object',
  'unknown-key': 'the flow (or its `subject`) has a key the flow format does not define',
  'missing-category': 'the flow names no category (absent, or an empty list)',
  'missing-purpose': 'the flow names no purpose',
  'bad-type': 'a value has the wrong JSON type (e.g. `consent` is not an array of strings)',
  'bad-value': 'a value of the right type is out of range: an unknown `action`, a negative or non-finite `subject.age`',
  'unknown-term': "a term is not in the policy's taxonomy (standard terms plus the policy's own)",
  'bad-duration': '`retention` is not an ISO 8601 duration in years, months, weeks or days',
  'recipient-action-mismatch':
    'a `collect`, `use` or `retain` flow names a recipient outside `first_party`, or a `share` flow names `first_party`',
  internal: 'the engine failed while deciding (a bug); the flow is denied',
} as const;

/** A flow error code; the reason's rule is `error/<code>`. */
export type ErrorCode = keyof typeof ERROR_CODES;
