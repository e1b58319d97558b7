// Set by the bundler from package.json; source runs (tests) report a dev version.
declare const __CX_VERSION__: string | undefined;

export const CX_VERSION: string = typeof __CX_VERSION__ === 'string' ? __CX_VERSION__ : '0.0.0-dev';
