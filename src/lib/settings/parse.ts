import type { Price } from '../cloud/pricing';
import { fieldsOf, finite, member, Repairs, strings, text } from '../db/fields';
import { DEFAULT_SETTINGS, normaliseMirrorUrl, type RoutingMode, type Settings } from './settings';

export interface ParsedSettings {
  settings: Settings;
  /** What was reset to its default, in words for people ("monthly cloud budget"); empty when all was well. */
  problems: string[];
}

/** Far beyond anything a person types; past these a value is damage, and would slow every page that shows it. */
export const SETTINGS_LIMITS = {
  urlLength: 2048,
  apiKeyLength: 4096,
  modelLength: 200,
  privateTermLength: 200,
  privateTerms: 1000,
  prices: 1000,
} as const;

const ROUTING_MODES: readonly RoutingMode[] = ['auto', 'device', 'cloud'];

/**
 * Settings as read back from storage, each field checked. A missing field takes its default quietly (an
 * older Hearth never wrote it); an invalid one takes its default and is named in `problems`.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  if (raw === undefined) return { settings: defaults(), problems: [] };
  const fields = fieldsOf(raw);
  if (!fields) return { settings: defaults(), problems: ['all settings'] };
  const repairs = new Repairs();
  const fallback = DEFAULT_SETTINGS;
  const limits = SETTINGS_LIMITS;
  const settings: Settings = {
    modelMirrorUrl: repairs.field(
      fields,
      'modelMirrorUrl',
      mirrorUrl,
      fallback.modelMirrorUrl,
      'model mirror URL',
    ),
    modelLibraryUrl: repairs.field(
      fields,
      'modelLibraryUrl',
      mirrorUrl,
      fallback.modelLibraryUrl,
      'model library URL',
    ),
    // Not checked as a URL: it is what the person typed, and the cloud client explains a bad one when used.
    cloudEndpointUrl: repairs.field(
      fields,
      'cloudEndpointUrl',
      (value) => text(value, limits.urlLength),
      fallback.cloudEndpointUrl,
      'cloud endpoint URL',
    ),
    cloudApiKey: repairs.field(
      fields,
      'cloudApiKey',
      (value) => text(value, limits.apiKeyLength),
      fallback.cloudApiKey,
      'cloud API key',
    ),
    cloudModel: repairs.field(
      fields,
      'cloudModel',
      (value) => text(value, limits.modelLength),
      fallback.cloudModel,
      'cloud model',
    ),
    routingMode: repairs.field(
      fields,
      'routingMode',
      (value) => member(value, ROUTING_MODES),
      fallback.routingMode,
      'where messages run',
    ),
    monthlyCloudBudgetUsd: repairs.field(
      fields,
      'monthlyCloudBudgetUsd',
      (value) => finite(value, 0),
      fallback.monthlyCloudBudgetUsd,
      'monthly cloud budget',
    ),
    routerThreshold: repairs.field(
      fields,
      'routerThreshold',
      (value) => (value === null ? null : finite(value, 0, 1)),
      fallback.routerThreshold,
      'router threshold',
    ),
    privateTerms: privateTerms(fields.get('privateTerms'), repairs),
    cloudPrices: cloudPrices(fields.get('cloudPrices'), repairs),
  };
  return { settings, problems: repairs.problems };
}

/** The one notice for settings that were reset, or null when none were. */
export function settingsNotice(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Some saved settings were invalid and were reset: ${problems.join(', ')}. Check them in Settings.`;
}

function defaults(): Settings {
  return { ...DEFAULT_SETTINGS, privateTerms: [], cloudPrices: {} };
}

function mirrorUrl(value: unknown): string | undefined {
  const url = text(value, SETTINGS_LIMITS.urlLength);
  if (url === undefined) return undefined;
  try {
    return normaliseMirrorUrl(url);
  } catch {
    return undefined;
  }
}

/** Keeps the good words of a damaged list: losing them all would send private messages to the cloud. */
function privateTerms(value: unknown, repairs: Repairs): string[] {
  if (value === undefined) return [];
  const { privateTerms: maxItems, privateTermLength } = SETTINGS_LIMITS;
  const kept = strings(value, maxItems, privateTermLength);
  if (!Array.isArray(value) || kept?.length !== value.length) repairs.note('private words');
  return kept ?? [];
}

function cloudPrices(value: unknown, repairs: Repairs): Record<string, Price> {
  if (value === undefined) return {};
  const fields = fieldsOf(value);
  const kept: [string, Price][] = [];
  for (const [model, entry] of fields ?? []) {
    const price = priceOf(entry);
    // `__proto__` is no model's name; as a key it could only ever be an attempt to reach the prototype.
    const named = model !== '' && model !== '__proto__' && model.length <= SETTINGS_LIMITS.modelLength;
    if (price && named && kept.length < SETTINGS_LIMITS.prices) kept.push([model, price]);
  }
  if (!fields || kept.length !== fields.size) repairs.note('cloud prices');
  // fromEntries defines own properties, so no key can reach Object.prototype.
  return Object.fromEntries(kept);
}

function priceOf(value: unknown): Price | undefined {
  const fields = fieldsOf(value);
  const inputPerMTokUsd = finite(fields?.get('inputPerMTokUsd'), 0);
  const outputPerMTokUsd = finite(fields?.get('outputPerMTokUsd'), 0);
  if (inputPerMTokUsd === undefined || outputPerMTokUsd === undefined) return undefined;
  return { inputPerMTokUsd, outputPerMTokUsd };
}
