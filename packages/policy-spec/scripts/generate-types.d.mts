/** Renders the TypeScript source of the policy document types from schema/policy.schema.json. */
export declare function generatePolicyTypes(): Promise<string>;
