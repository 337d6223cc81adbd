import type { Decision, FlowAction, GuardData, GuardRule } from './guard-runtime.js';

/**
 * The (action, category, purpose, recipient) combinations some rule of a policy could ever allow: action → purpose
 * → recipient → categories, every level in taxonomy order. A combination is in the table when, for some values of
 * the conditions only runtime knows (source, subject, jurisdiction, identifiability, consent), the policy allows it.
 */
export type AllowedFlowTable = Map<FlowAction, Map<string, Map<string, string[]>>>;

type Dimension = 'categories' | 'purposes' | 'recipients' | 'sources' | 'subjects' | 'jurisdictions' | 'identifiability';
type Sets = { [D in Dimension]?: ReadonlySet<string> | '*' };

const ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];

/**
 * Finds every combination some rule could ever allow, and proves each one: for each, it builds a witness flow
 * (the conditions stated so that an allowing rule matches and no forbid rule does, every consent the rules need
 * given) and asks `decide` — the engine's Decider — which must allow it. A witness the engine denies means the
 * search and the engine disagree about the policy: that is a bug, and it throws.
 */
export function findAllowedFlows(data: GuardData, decide: (flow: unknown) => Decision): AllowedFlowTable {
  const sets = new Map<GuardRule, Sets>();
  for (const section of ['collect', 'use', 'share', 'forbid', 'retain'] as const) {
    for (const rule of data.rules[section]) {
      const s: Sets = {};
      for (const [d, terms] of Object.entries(rule.match) as [Dimension, readonly string[] | '*'][]) s[d] = terms === '*' ? '*' : new Set(terms);
      sets.set(rule, s);
    }
  }
  const inside = (rule: GuardRule, d: Dimension, value: string) => {
    const s = sets.get(rule)![d];
    return s === undefined || s === '*' || s.has(value);
  };
  const { terms } = data;
  const firstParty = new Set(data.firstParty);
  const jurisdictions = representatives(data);

  // The allow rules that match a combination on its four static dimensions, and the forbid rules that do.
  const staticAllow = (rules: readonly GuardRule[], c: string, p: string, r: string | undefined) =>
    rules.filter((rule) => inside(rule, 'categories', c) && inside(rule, 'purposes', p) && (r === undefined || inside(rule, 'recipients', r)));
  const staticForbid = (a: FlowAction, c: string, p: string, r: string) =>
    data.rules.forbid.filter(
      (rule) =>
        (!rule.actions || rule.actions.some((x) => x === a || (x === 'use' && a === 'retain'))) &&
        inside(rule, 'categories', c) &&
        inside(rule, 'purposes', p) &&
        inside(rule, 'recipients', r),
    );

  // The conditions under which the chosen allow rules match and none of `forbids` does, if there are any.
  const memo = new Map<string, Record<string, unknown> | null>();
  const conditions = (allows: readonly GuardRule[][], forbids: readonly GuardRule[], purpose: string): Record<string, unknown> | null => {
    const key = `${allows.map((set) => set.map((r) => r.ref).join('+')).join('|')}/${forbids.map((r) => r.ref).join(',')}/${purpose}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let found: Record<string, unknown> | null = null;
    search: for (const chosen of allows) {
      // A named optional dimension must be stated; one no chosen rule names may also be left unstated.
      const domain = (d: Dimension, all: readonly string[], optional: boolean): (string | undefined)[] => {
        const named = chosen.some((rule) => sets.get(rule)![d] !== undefined);
        const values = all.filter((v) => chosen.every((rule) => inside(rule, d, v)));
        return named || !optional ? values : [undefined, ...values];
      };
      for (const source of domain('sources', terms.sources, true)) {
        for (const kind of domain('subjects', terms.subjects, true)) {
          for (const jurisdiction of domain('jurisdictions', jurisdictions, true)) {
            for (const identifiability of domain('identifiability', terms.identifiability, false)) {
              const values: { [D in Dimension]?: string | undefined } = { sources: source, subjects: kind, jurisdictions: jurisdiction, identifiability };
              const forbidden = forbids.some((rule) =>
                (['sources', 'subjects', 'jurisdictions', 'identifiability'] as const).every((d) => {
                  const s = sets.get(rule)![d];
                  const v = values[d];
                  return s === undefined || v === undefined || s === '*' || s.has(v);
                }),
              );
              if (forbidden) continue;
              const flow: Record<string, unknown> = { identifiability };
              if (source !== undefined) flow['source'] = source;
              if (kind !== undefined || jurisdiction !== undefined) {
                const subject: Record<string, string> = {};
                if (kind !== undefined) subject['kind'] = kind;
                if (jurisdiction !== undefined) subject['jurisdiction'] = jurisdiction;
                flow['subject'] = subject;
              }
              const consent = [...new Set(chosen.flatMap((rule) => (rule.requires === undefined ? [] : rule.requires === 'purpose' ? [purpose] : rule.requires)))];
              if (consent.length > 0) flow['consent'] = consent;
              found = flow;
              break search;
            }
          }
        }
      }
    }
    memo.set(key, found);
    return found;
  };

  const table: AllowedFlowTable = new Map();
  const add = (a: FlowAction, c: string, p: string, r: string) => {
    let byPurpose = table.get(a);
    if (!byPurpose) table.set(a, (byPurpose = new Map()));
    let byRecipient = byPurpose.get(p);
    if (!byRecipient) byPurpose.set(p, (byRecipient = new Map()));
    let categories = byRecipient.get(r);
    if (!categories) byRecipient.set(r, (categories = []));
    categories.push(c);
  };
  const recipientsFor = (a: FlowAction) => terms.recipients.filter((r) => firstParty.has(r) === (a !== 'share'));

  for (const action of ACTIONS) {
    const rules = action === 'share' ? data.rules.share : action === 'collect' ? data.rules.collect : data.rules.use;
    for (const purpose of terms.purposes) {
      for (const recipient of recipientsFor(action)) {
        for (const category of terms.categories) {
          let allows: GuardRule[][];
          if (action === 'collect') {
            const collecting = staticAllow(rules, category, purpose, undefined);
            if (collecting.length === 0) continue;
            const purposeRules = staticAllow([...data.rules.use, ...data.rules.share], category, purpose, undefined);
            allows = collecting.flatMap((c) => purposeRules.map((u) => [c, u]));
          } else {
            allows = staticAllow(rules, category, purpose, recipient).map((rule) => [rule]);
          }
          if (allows.length === 0) continue;
          const found = conditions(allows, staticForbid(action, category, purpose, recipient), purpose);
          if (found === null) continue;
          const flow = { action, category, purpose, recipient, ...found };
          const decision = decide(flow);
          if (decision.decision !== 'allow') {
            throw new Error(`internal error: the engine denies ${JSON.stringify(flow)}, which the guard generator expected it to allow`);
          }
          add(action, category, purpose, recipient);
        }
      }
    }
  }
  return table;
}

// One jurisdiction for each way of relating to the rules' jurisdiction sets: deciding treats all of a class alike.
function representatives(data: GuardData): string[] {
  const named = (['collect', 'use', 'share', 'forbid', 'retain'] as const)
    .flatMap((s) => data.rules[s])
    .map((rule) => rule.match.jurisdictions)
    .filter((m): m is readonly string[] => Array.isArray(m))
    .map((m) => new Set(m));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const j of data.terms.jurisdictions) {
    const signature = named.map((s) => (s.has(j) ? '1' : '0')).join('');
    if (!seen.has(signature)) {
      seen.add(signature);
      out.push(j);
    }
  }
  return out;
}
