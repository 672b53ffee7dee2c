/** bin/bundle.js: TypeScript entries run as plain-JS bundles (see there). */
export declare const ROOT: string;
export declare function bundled(entry: string, name: string, options?: { packages?: 'external' | 'bundle' }): Promise<URL>;
