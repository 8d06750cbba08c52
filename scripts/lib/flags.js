/**
 * Reads `--name value` flags; unknown flags are an error so typos fail loudly.
 * @template {Record<string, string>} T
 * @param {string[]} argv
 * @param {T} defaults
 * @returns {T}
 */
export function parseFlags(argv, defaults) {
  /** @type {Record<string, string>} */
  const flags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".`);
    const name = arg.slice(2);
    if (!(name in defaults))
      throw new Error(
        `Unknown option --${name}. Known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(', ')}.`,
      );
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option --${name} needs a value.`);
    flags[name] = value;
    i++;
  }
  return /** @type {T} */ (flags);
}
