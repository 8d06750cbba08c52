import type { ChatMessage } from '../engine/types';
import type { DifficultyClassifier } from './classifier';
import { describeFinding, findPrivateData, type PrivateFinding } from './privacy';
import { blendScores, type SemanticVote } from './semantic';

export type RoutingMode = 'auto' | 'device' | 'cloud';
export type Target = 'device' | 'cloud';

export interface RouteContext {
  mode: RoutingMode;
  /** A choice for this one message; it beats the mode. */
  override?: Target;
  cloudConfigured: boolean;
  online: boolean;
  /** Seconds the cloud asked us to wait (a 429's Retry-After) that have not passed yet; 0 when none. */
  cloudWaitS?: number;
  /** Budget left this month in USD (Infinity when no budget is set). */
  budgetLeftUsd: number;
  /** What this message would cost at most in the cloud. */
  estimatedCostUsd: number;
  /** A local model that can run on this device is available (downloaded or built in). */
  localModelUsable: boolean;
  localContextTokens: number;
  /** Conservative token count of the conversation to send. */
  promptTokens: number;
  /** Words the person marked private (health details and the like). */
  privateTerms: readonly string[];
  /** The person confirmed sending this conversation's private data to the cloud, this once. */
  confirmedPrivate?: boolean;
  /** Scores at or above this go to the cloud in Automatic mode. */
  threshold: number;
  /** The nearest labelled exemplars' vote, when an embedding model is cached on this device. */
  semantic?: SemanticVote | null;
}

/** Which step of the order decided: gates and choices are final, a score can be revisited (cascade). */
export type DecidedBy = 'gate' | 'choice' | 'capacity' | 'privacy' | 'score';

export interface RouteDecision {
  target: Target;
  decidedBy: DecidedBy;
  /** The difficulty score, when it was computed. */
  score: number | null;
  /** Why, most important first; the first is shown beside the answer. Never contains private values. */
  reasons: string[];
  /** Private data in what would be sent (any turn): the person may confirm sending it anyway. */
  privateKinds: PrivateFinding[];
}

const device = (
  decidedBy: DecidedBy,
  reasons: string[],
  score: number | null = null,
  privateKinds: PrivateFinding[] = [],
): RouteDecision => ({ target: 'device', decidedBy, score, reasons, privateKinds });
const cloud = (decidedBy: DecidedBy, reasons: string[], score: number | null = null): RouteDecision => ({
  target: 'cloud',
  decidedBy,
  score,
  reasons,
  privateKinds: [],
});

/** At most this many places are named in a reason; the rest are counted. */
const NAMED_FINDINGS = 3;

/** "an email address in this message and a phone number in your previous message" (values never appear). */
export function privacyReason(findings: readonly PrivateFinding[]): string {
  const described = [...new Set(findings.map(describeFinding))];
  const named = described.slice(0, NAMED_FINDINGS).join(' and ');
  const more = described.length - NAMED_FINDINGS;
  return more > 0 ? `${named} and ${more} more` : named;
}

/**
 * Decides where one message runs, in this order: what cannot be (no cloud, offline, budget spent), what the
 * person chose (mode or per-message override), what the device cannot do (no usable model, too long), private
 * data (stays on device unless the person confirms), and then the learned difficulty score.
 *
 * `prompt` is everything that would be sent, system prompt and history included (a string is one user
 * message): the privacy guard reads all of it, the difficulty score reads the newest user message.
 */
export function route(
  prompt: string | readonly ChatMessage[],
  context: RouteContext,
  classifier: DifficultyClassifier,
): RouteDecision {
  const messages: readonly ChatMessage[] =
    typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt;
  const newest = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (!context.cloudConfigured) return device('gate', ['no cloud endpoint is configured']);
  if (!context.online) return device('gate', ['offline']);
  if ((context.cloudWaitS ?? 0) > 0) {
    return device('gate', [
      `the cloud service asked to wait ${Math.ceil(context.cloudWaitS ?? 0)} s before the next request`,
    ]);
  }
  if (context.budgetLeftUsd <= 0) return device('gate', ['the monthly cloud budget is spent']);
  if (context.estimatedCostUsd > context.budgetLeftUsd) {
    return device('gate', ['this message would exceed the monthly cloud budget']);
  }

  const choice = context.override ?? (context.mode === 'auto' ? null : context.mode);
  if (choice === 'device') {
    return device('choice', [
      context.override ? 'you chose on device for this message' : 'you chose Always on device',
    ]);
  }

  const pii = findPrivateData(messages, context.privateTerms);
  const privateGuard = (): RouteDecision | null =>
    pii.length > 0 && !context.confirmedPrivate
      ? device('privacy', [`it contains ${privacyReason(pii)}, so it stays on this device`], null, pii)
      : null;

  if (choice === 'cloud') {
    return (
      privateGuard() ??
      cloud('choice', [context.override ? 'you chose the cloud for this message' : 'you chose Always cloud'])
    );
  }
  if (!context.localModelUsable)
    return privateGuard() ?? cloud('capacity', ['no local model can run on this device']);
  if (context.promptTokens > context.localContextTokens) {
    return (
      privateGuard() ??
      cloud('capacity', [
        `the conversation is longer than the local model's ${context.localContextTokens}-token context`,
      ])
    );
  }

  const scored = classifier.score(newest);
  const score = blendScores(scored.score, context.semantic ?? null);
  const drivers = [...scored.drivers];
  if (context.semantic && context.semantic.score >= 0.5 && score > scored.score)
    drivers.push('close to known hard requests');
  if (score >= context.threshold) {
    const why =
      drivers.length > 0 ? `it looks hard: ${drivers.join(', ')}` : 'it looks hard for the on-device model';
    return privateGuard() ?? cloud('score', [`${why} (score ${score.toFixed(2)})`], score);
  }
  return device(
    'score',
    [`it looks easy enough for the on-device model (score ${score.toFixed(2)})`],
    score,
    pii,
  );
}
