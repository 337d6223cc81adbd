// The part of @pledge/engine's API this service uses. A deployment installs the package; the example declares it
// so that it type-checks (and can be linted) without an install.
declare module '@pledge/engine' {
  export type FlowAction = 'collect' | 'use' | 'share' | 'retain';

  export interface FlowSubject {
    kind?: string;
    age?: number;
    jurisdiction?: string;
  }

  export interface Flow {
    action?: FlowAction;
    category: string | readonly string[];
    purpose: string;
    recipient?: string;
    subject?: FlowSubject;
    consent?: readonly string[];
    identifiability?: string;
    retention?: string;
    source?: string;
  }

  export interface Reason {
    readonly rule: string;
    readonly effect: 'allow' | 'deny';
    readonly category?: string;
    readonly says?: string;
    readonly missing?: readonly string[];
  }

  export interface DecisionObligation {
    readonly kind: string;
    readonly duration?: string;
    readonly rule: string;
  }

  export interface Decision {
    readonly decision: 'allow' | 'deny';
    readonly reasons: readonly Reason[];
    readonly obligations: readonly DecisionObligation[];
  }

  export interface Decider {
    decide(flow: Flow): Decision;
    decideMany(flows: readonly Flow[]): Decision[];
  }

  export function loadDecider(path: string): Promise<Decider>;
}
