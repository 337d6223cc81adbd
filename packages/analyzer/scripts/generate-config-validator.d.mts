/** The command that refreshes the generated module, for messages about a stale one. */
export declare const REFRESH_COMMAND: string;
/** The ajv options of the config validator (they shape every error object). */
export declare const CONFIG_VALIDATOR_OPTIONS: Readonly<{ allErrors: true; strict: false; verbose: true }>;
/** Renders the TypeScript source of the standalone config validator from schema/pledge-config.schema.json. */
export declare function generateConfigValidator(): Promise<string>;
/** Wraps ajv's ESM standalone `code` into a module tsc and Node accept, `banner` first. */
export declare function renderStandaloneModule(code: string, banner: string): string;
/** Writes `text` to `path` when it differs; with `--check` in `argv`, writes nothing. Returns whether the file holds `text`. */
export declare function writeGenerated(path: string, text: string, argv?: readonly string[]): Promise<boolean>;
