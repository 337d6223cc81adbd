/** The ajv options of the policy validator (they shape every error object). */
export declare const POLICY_VALIDATOR_OPTIONS: Readonly<{ allErrors: true; strict: false; verbose: true }>;
/** Renders the TypeScript source of the standalone policy validator from schema/policy.schema.json. */
export declare function generatePolicyValidator(): Promise<string>;
/** Wraps ajv's ESM standalone `code` into a module tsc and Node accept, `banner` first. */
export declare function renderStandaloneModule(code: string, banner: string): string;
