/*
 * Reading records back from storage, which may hold anything: data from an older or newer Hearth, a
 * browser extension's meddling, a hand-edited export. Each reader returns the value when it is valid and
 * undefined when it is not; `Repairs` turns that into the value or its default, and remembers what it reset.
 */

/** A stored object's own fields, or null when it is not a plain object. A Map, so no inherited key is read. */
export function fieldsOf(value: unknown): Map<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return new Map<string, unknown>(Object.entries(value));
}

export function text(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length <= maxLength ? value : undefined;
}

export function finite(value: unknown, min = -Infinity, max = Infinity): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : undefined;
}

export function integer(value: unknown, min: number, max: number): number | undefined {
  return Number.isInteger(value) ? finite(value, min, max) : undefined;
}

export function member<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

/** The strings of an array within the limits (others left out), or undefined when it is not an array. */
export function strings(value: unknown, maxItems: number, maxLength: number): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is string => typeof item === 'string' && item.length <= maxLength)
    .slice(0, maxItems);
}

/** Collects what was reset while one record is read, each problem once. */
export class Repairs {
  readonly #problems = new Set<string>();

  get problems(): string[] {
    return [...this.#problems];
  }

  /**
   * The field's value when `read` accepts it. A missing field takes `fallback` quietly (older versions
   * never wrote it); a present but invalid one takes it too, and `label` is noted as a problem.
   */
  field<T>(
    fields: ReadonlyMap<string, unknown>,
    name: string,
    read: (value: unknown) => T | undefined,
    fallback: T,
    label: string,
  ): T {
    const value = fields.get(name);
    if (value === undefined) return fallback;
    const valid = read(value);
    if (valid !== undefined) return valid;
    this.#problems.add(label);
    return fallback;
  }

  /** Like `field` for what people wrote: a string that is too long is cut, better shortened than lost. */
  longText(
    fields: ReadonlyMap<string, unknown>,
    name: string,
    maxLength: number,
    fallback: string,
    label: string,
  ): string {
    const value = this.field(fields, name, (v) => (typeof v === 'string' ? v : undefined), fallback, label);
    if (value.length <= maxLength) return value;
    this.#problems.add(`${label} shortened`);
    return value.slice(0, maxLength);
  }

  note(problem: string): void {
    this.#problems.add(problem);
  }
}

/** One sentence for a list of problems, naming the first few. */
export function listProblems(problems: readonly string[], shown = 4): string {
  const named = problems.slice(0, shown).join('; ');
  const more = problems.length - shown;
  return more > 0 ? `${named}; and ${more} more` : named;
}
