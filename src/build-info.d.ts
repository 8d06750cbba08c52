/** Set by vite.config.ts: the package version, or HEARTH_BUILD_LABEL when the build was given one. */
declare const __HEARTH_BUILD__: string;
