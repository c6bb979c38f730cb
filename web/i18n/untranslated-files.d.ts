/** Paths (from the repository root) of UI files the hard-coded-text lint rule does not check yet. */
export declare const untranslatedFiles: string[];
