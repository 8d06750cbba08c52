import type { Price } from '../cloud/pricing';
import { InvalidRequestError } from '../errors';
import { parseUrl, urlPolicyProblem, type UrlProblem } from '../net';

export type RoutingMode = 'auto' | 'device' | 'cloud';

export interface Settings {
  /** Base URL of a server in Hugging Face hub layout. */
  modelMirrorUrl: string;
  /** Where web-llm's compiled model libraries (`…-webgpu.wasm`) are fetched from. */
  modelLibraryUrl: string;
  /** An OpenAI-compatible endpoint; empty means no cloud at all. */
  cloudEndpointUrl: string;
  /** Kept only on this device and sent only to `cloudEndpointUrl`. */
  cloudApiKey: string;
  cloudModel: string;
  routingMode: RoutingMode;
  monthlyCloudBudgetUsd: number;
  /** The router's operating point; null means the one chosen when it was trained. */
  routerThreshold: number | null;
  /** Words that mark a message private (health details and the like): it then stays on device. */
  privateTerms: string[];
  /** Prices the person entered, by model id; they win over Hearth's built-in table. */
  cloudPrices: Record<string, Price>;
}

export const HUGGING_FACE_HUB = 'https://huggingface.co';
/** web-llm 0.2.86's own location for its model libraries (`modelLibURLPrefix` + `modelVersion`). */
export const WEBLLM_MODEL_LIBRARIES =
  'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base';

export const DEFAULT_SETTINGS: Settings = {
  modelMirrorUrl: HUGGING_FACE_HUB,
  modelLibraryUrl: WEBLLM_MODEL_LIBRARIES,
  cloudEndpointUrl: '',
  cloudApiKey: '',
  cloudModel: '',
  routingMode: 'auto',
  monthlyCloudBudgetUsd: 5,
  routerThreshold: null,
  privateTerms: [],
  cloudPrices: {},
};

/**
 * Checks a mirror URL typed by a person; returns it without a trailing slash. The rules are the cloud
 * endpoint's (see lib/net): the Content-Security-Policy lets the app fetch only from https: and from http:
 * on this computer, so any other mirror would fail at download time with an error nobody can read.
 */
export function normaliseMirrorUrl(input: string): string {
  const trimmed = input.trim();
  const url = parseUrl(trimmed);
  if (url === null) {
    throw new InvalidRequestError(
      `"${trimmed}" is not a web address. Enter one like https://huggingface.co.`,
      { problem: 'unparsable' },
    );
  }
  const problem = urlPolicyProblem(url);
  if (problem !== null) throw new InvalidRequestError(MIRROR_PROBLEMS[problem], { problem });
  return url.href.replace(/\/+$/, '');
}

const MIRROR_PROBLEMS: Record<UrlProblem, string> = {
  scheme: 'The model mirror must be an http:// or https:// address.',
  insecure:
    'The model mirror must use https://: plain http:// is allowed only for a server on this computer (localhost, 127.x.x.x or [::1]).',
  credentials:
    'The model mirror URL must not contain a user name or password (user:pass@). Remove them, or use a mirror that needs no login.',
};

/** Fills fields missing from an older saved record with today's defaults. */
export function withDefaults(saved: Partial<Settings> | undefined): Settings {
  const defined = Object.fromEntries(Object.entries(saved ?? {}).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_SETTINGS, ...defined };
}
