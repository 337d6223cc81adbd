import {
  checkParsePolicySet,
  getCedarVersion,
  preparsePolicySet,
  statefulIsAuthorized,
  type CedarValueJson,
  type EntityJson,
  type StatefulAuthorizationCall,
} from '@cedar-policy/cedar-wasm/nodejs';
import { parseDurationDays, type Taxonomy, type TermKind } from '@pledge/policy-spec';
import type { Verdict } from './create-accounting-def-check.js';

/** A Cedar policy set made ready once, and the translation of flows into Cedar requests for it. */
export interface CedarDecider {
  /** Cedar's version, for the report. */
  readonly version: string;
  /** Builds the Cedar request for a flow: done once per benchmark request, before any timing. */
  toCall(flow: unknown): StatefulAuthorizationCall;
  /** Asks Cedar. A request Cedar rejects counts as a deny, as it would in a service. */
  decide(call: StatefulAuthorizationCall): Verdict;
  /** The ids of the policies that decided, for a person comparing with Pledge's reasons. */
  explain(call: StatefulAuthorizationCall): string[];
}

/** Cedar entity types of the term kinds a request mentions. */
const ENTITY_TYPES: Partial<Record<TermKind, string>> = {
  categories: 'Category',
  purposes: 'Purpose',
  recipients: 'Recipient',
  sources: 'Source',
  subjects: 'Subject',
  jurisdictions: 'Jurisdiction',
  identifiability: 'Identifiability',
};

/**
 * Parses `policies` (id → Cedar text) once into cedar-wasm's cache under `setId` and returns a decider over it.
 * Throws when the policies do not parse: that is a bug in the encoding, not a benchmark result.
 *
 * Flows are translated the way a service would call Cedar: the recipient is the principal, the action the action,
 * the category the resource; purpose, identifiability (default `identified`), consents and the optional fields go
 * into the context, and each request carries the entities of its own terms with their ancestors from `taxonomy`.
 * cedar-wasm keeps no entity store between calls (its stateful API caches policies and schemas only), so entities
 * are built once per request here and cross into wasm with each call.
 */
export function createCedarDecider(setId: string, policies: Record<string, string>, taxonomy: Taxonomy): CedarDecider {
  const policySet = { staticPolicies: policies };
  const parsed = checkParsePolicySet(policySet);
  if (parsed.type !== 'success') throw new Error(`the Cedar policies do not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const cached = preparsePolicySet(setId, policySet);
  if (cached.type !== 'success') throw new Error(`cedar-wasm did not cache the policies: ${cached.errors.map((e) => e.message).join('; ')}`);

  // One entity per known term: its ancestors are the terms above it and the root of its kind.
  const entities = new Map<string, EntityJson>();
  const entityOf = (kind: TermKind, id: string): EntityJson | undefined => {
    const type = ENTITY_TYPES[kind]!;
    if (!taxonomy.has(kind, id)) return undefined;
    const key = `${type}\u0000${id}`;
    let entity = entities.get(key);
    if (!entity) {
      const parents = taxonomy
        .ancestors(kind, id)
        .filter((a) => a !== id)
        .map((a) => ({ type, id: a }));
      parents.push({ type, id: '*' });
      entity = { uid: { type, id }, attrs: {}, parents };
      entities.set(key, entity);
    }
    return entity;
  };
  const ref = (kind: TermKind, id: string): CedarValueJson => ({ __entity: { type: ENTITY_TYPES[kind]!, id } });

  return {
    version: getCedarVersion(),
    toCall(input: unknown): StatefulAuthorizationCall {
      const flow = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
      const text = (v: unknown): string => (typeof v === 'string' ? v : String(v));
      const category = text(flow['category']);
      const purpose = text(flow['purpose']);
      const recipient = flow['recipient'] === undefined ? 'first_party' : text(flow['recipient']);
      const action =
        flow['action'] === undefined
          ? taxonomy.isWithin('recipients', recipient, 'first_party')
            ? 'use'
            : 'share'
          : text(flow['action']);
      const identifiability = flow['identifiability'] === undefined ? 'identified' : text(flow['identifiability']);
      const consent = Array.isArray(flow['consent']) ? (flow['consent'] as unknown[]).map(text) : [];
      const slice: EntityJson[] = [];
      const mention = (kind: TermKind, id: string) => {
        const entity = entityOf(kind, id);
        if (entity && !slice.includes(entity)) slice.push(entity);
      };
      mention('categories', category);
      mention('recipients', recipient);
      mention('purposes', purpose);
      mention('identifiability', identifiability);
      const context: Record<string, CedarValueJson> = {
        purpose: ref('purposes', purpose),
        identifiability: ref('identifiability', identifiability),
        consent: consent.map((c) => ({ __entity: { type: taxonomy.has('consents', c) ? 'Consent' : 'Purpose', id: c } })),
      };
      if (flow['source'] !== undefined) {
        const s = text(flow['source']);
        context['source'] = ref('sources', s);
        mention('sources', s);
      }
      const subject = (typeof flow['subject'] === 'object' && flow['subject'] !== null ? flow['subject'] : {}) as Record<string, unknown>;
      if (subject['kind'] !== undefined) {
        const k = text(subject['kind']);
        context['kind'] = ref('subjects', k);
        mention('subjects', k);
      }
      if (subject['jurisdiction'] !== undefined) {
        const j = text(subject['jurisdiction']);
        context['jurisdiction'] = ref('jurisdictions', j);
        mention('jurisdictions', j);
      }
      // Cedar numbers are integers; with whole-year age limits the whole part of the age decides the same.
      if (typeof subject['age'] === 'number') context['age'] = Math.floor(subject['age']);
      if (typeof flow['retention'] === 'string') {
        const days = parseDurationDays(flow['retention']);
        if (days !== undefined) context['retentionDays'] = days;
      }
      return {
        principal: { type: 'Recipient', id: recipient },
        action: { type: 'Action', id: action },
        resource: { type: 'Category', id: category },
        context,
        preparsedPolicySetId: setId,
        entities: slice,
      };
    },
    decide(call: StatefulAuthorizationCall): Verdict {
      const answer = statefulIsAuthorized(call);
      return answer.type === 'success' && answer.response.decision === 'allow' ? 'allow' : 'deny';
    },
    explain(call: StatefulAuthorizationCall): string[] {
      const answer = statefulIsAuthorized(call);
      if (answer.type !== 'success') return answer.errors.map((e) => `failure: ${e.message}`);
      return [...answer.response.diagnostics.reason, ...answer.response.diagnostics.errors.map((e) => `error in ${e.policyId}: ${e.error.message}`)];
    },
  };
}
