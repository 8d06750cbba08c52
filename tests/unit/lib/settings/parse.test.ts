import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  parseSettings,
  SETTINGS_LIMITS,
  settingsNotice,
  type Settings,
} from '../../../../src/lib/settings';

const GOOD: Settings = {
  modelMirrorUrl: 'https://mirror.example/hf',
  modelLibraryUrl: 'https://mirror.example/libs',
  cloudEndpointUrl: 'https://api.example/v1',
  cloudApiKey: 'sk-test',
  cloudModel: 'gpt-4o-mini',
  routingMode: 'cloud',
  monthlyCloudBudgetUsd: 12.5,
  routerThreshold: 0.42,
  privateTerms: ['diagnosis', 'salary'],
  cloudPrices: { 'my-model': { inputPerMTokUsd: 1, outputPerMTokUsd: 2 } },
};

const HUGE = 'x'.repeat(100_000);

describe('parseSettings', () => {
  it('keeps sound settings exactly', () => {
    expect(parseSettings(GOOD)).toEqual({ settings: GOOD, problems: [] });
  });

  it('gives the defaults, quietly, when nothing was saved', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('fills fields an older Hearth never wrote, quietly', () => {
    expect(parseSettings({ modelMirrorUrl: 'https://mirror.example' })).toEqual({
      settings: { ...DEFAULT_SETTINGS, modelMirrorUrl: 'https://mirror.example' },
      problems: [],
    });
  });

  it('drops fields Hearth does not know', () => {
    expect(parseSettings({ ...GOOD, telemetry: true, cloudApiKeyBackup: 'sk-x' }).settings).toEqual(GOOD);
  });

  it.each([
    ['a string', 'settings'],
    ['null', null],
    ['an array', [GOOD]],
    ['a number', 5],
  ])('resets everything, and says so, when the record is %s', (_, raw) => {
    expect(parseSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: ['all settings'] });
  });

  it.each<[string, keyof Settings, unknown, string]>([
    ['a number mirror', 'modelMirrorUrl', 42, 'model mirror URL'],
    ['a mirror that is not a web address', 'modelMirrorUrl', 'javascript:alert(1)', 'model mirror URL'],
    ['a huge mirror', 'modelMirrorUrl', `https://x.example/${HUGE}`, 'model mirror URL'],
    ['an object endpoint', 'cloudEndpointUrl', { href: 'x' }, 'cloud endpoint URL'],
    ['a huge endpoint', 'cloudEndpointUrl', HUGE, 'cloud endpoint URL'],
    ['a number key', 'cloudApiKey', 1234, 'cloud API key'],
    ['a huge key', 'cloudApiKey', HUGE, 'cloud API key'],
    ['a null model', 'cloudModel', null, 'cloud model'],
    ['an unknown routing mode', 'routingMode', 'always', 'where messages run'],
    ['a routing mode in capitals', 'routingMode', 'AUTO', 'where messages run'],
    ['a negative budget', 'monthlyCloudBudgetUsd', -1, 'monthly cloud budget'],
    ['a NaN budget', 'monthlyCloudBudgetUsd', NaN, 'monthly cloud budget'],
    ['an Infinity budget', 'monthlyCloudBudgetUsd', Infinity, 'monthly cloud budget'],
    ['a string budget', 'monthlyCloudBudgetUsd', '5', 'monthly cloud budget'],
    ['a threshold above 1', 'routerThreshold', 1.5, 'router threshold'],
    ['a negative threshold', 'routerThreshold', -0.01, 'router threshold'],
    ['a string threshold', 'routerThreshold', '0.5', 'router threshold'],
    ['private words that are a string', 'privateTerms', 'diagnosis', 'private words'],
    ['null private words', 'privateTerms', null, 'private words'],
    ['cloud prices that are an array', 'cloudPrices', [1, 2], 'cloud prices'],
    ['cloud prices that are a string', 'cloudPrices', 'cheap', 'cloud prices'],
  ])('resets %s to its default and names it', (_, field, bad, problem) => {
    const { settings, problems } = parseSettings({ ...GOOD, [field]: bad });
    expect(settings).toEqual({ ...GOOD, [field]: DEFAULT_SETTINGS[field] });
    expect(problems).toEqual([problem]);
  });

  it('accepts the edges: a zero budget, thresholds 0 and 1, no threshold, empty cloud fields', () => {
    for (const patch of [
      { monthlyCloudBudgetUsd: 0, routerThreshold: 0 },
      { routerThreshold: 1 },
      { routerThreshold: null, cloudEndpointUrl: '', cloudApiKey: '', cloudModel: '' },
    ]) {
      expect(parseSettings({ ...GOOD, ...patch })).toEqual({ settings: { ...GOOD, ...patch }, problems: [] });
    }
  });

  it('normalises a stored mirror the way Settings does when it is typed', () => {
    expect(parseSettings({ modelMirrorUrl: 'HTTPS://Mirror.Example/hf/' }).settings.modelMirrorUrl).toBe(
      'https://mirror.example/hf',
    );
  });

  it('keeps the good private words of a damaged list, so private messages still stay on device', () => {
    const { settings, problems } = parseSettings({
      ...GOOD,
      privateTerms: ['diagnosis', 7, null, 'x'.repeat(SETTINGS_LIMITS.privateTermLength + 1), 'salary'],
    });
    expect(settings.privateTerms).toEqual(['diagnosis', 'salary']);
    expect(problems).toEqual(['private words']);
  });

  it('keeps the sound cloud prices and drops the others', () => {
    const { settings, problems } = parseSettings({
      ...GOOD,
      cloudPrices: {
        good: { inputPerMTokUsd: 0, outputPerMTokUsd: 3, note: 'extra' },
        negative: { inputPerMTokUsd: -1, outputPerMTokUsd: 3 },
        infinite: { inputPerMTokUsd: Infinity, outputPerMTokUsd: 3 },
        text: { inputPerMTokUsd: '1', outputPerMTokUsd: 3 },
        half: { inputPerMTokUsd: 1 },
        none: null,
        '': { inputPerMTokUsd: 1, outputPerMTokUsd: 1 },
        // A model may well be called "constructor"; priceFor looks names up with hasOwn for this reason.
        constructor: { inputPerMTokUsd: 1, outputPerMTokUsd: 1 },
      },
    });
    expect(settings.cloudPrices).toEqual({
      good: { inputPerMTokUsd: 0, outputPerMTokUsd: 3 },
      constructor: { inputPerMTokUsd: 1, outputPerMTokUsd: 1 },
    });
    expect(problems).toEqual(['cloud prices']);
  });

  it('never lets a __proto__ key reach a prototype', () => {
    const raw: unknown = JSON.parse(
      '{"__proto__":{"routingMode":"cloud"},"cloudPrices":{"__proto__":{"inputPerMTokUsd":0,"outputPerMTokUsd":0}}}',
    );
    const { settings, problems } = parseSettings(raw);
    expect(settings.routingMode).toBe('auto');
    expect(Object.getPrototypeOf(settings.cloudPrices)).toBe(Object.prototype);
    expect(Object.keys(settings.cloudPrices)).toEqual([]);
    expect(settings.cloudPrices.inputPerMTokUsd).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('inputPerMTokUsd');
    expect(problems).toEqual(['cloud prices']);
  });

  it('names every reset field once, in order', () => {
    const { problems } = parseSettings({ routingMode: 1, monthlyCloudBudgetUsd: -5, routerThreshold: NaN });
    expect(problems).toEqual(['where messages run', 'monthly cloud budget', 'router threshold']);
    expect(settingsNotice(problems)).toBe(
      'Some saved settings were invalid and were reset: where messages run, monthly cloud budget, router threshold. Check them in Settings.',
    );
  });

  it('returns fresh lists, so changing them never changes the defaults', () => {
    parseSettings(undefined).settings.privateTerms.push('leak');
    expect(DEFAULT_SETTINGS.privateTerms).toEqual([]);
  });
});

describe('settingsNotice', () => {
  it('says nothing when nothing was reset', () => {
    expect(settingsNotice([])).toBeNull();
  });
});
