import type { DifficultyClassifier } from './classifier';
import { findPii, type PiiFinding } from './pii';
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
  /** The person confirmed sending this private message to the cloud. */
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
  /** Kept on device only because of private data: the person may confirm sending it anyway. */
  privateKinds: PiiFinding[];
}

const device = (
  decidedBy: DecidedBy,
  reasons: string[],
  score: number | null = null,
  privateKinds: PiiFinding[] = [],
): RouteDecision => ({ target: 'device', decidedBy, score, reasons, privateKinds });
const cloud = (decidedBy: DecidedBy, reasons: string[], score: number | null = null): RouteDecision => ({
  target: 'cloud',
  decidedBy,
  score,
  reasons,
  privateKinds: [],
});

/**
 * Decides where one message runs, in this order: what cannot be (no cloud, offline, budget spent), what the
 * person chose (mode or per-message override), what the device cannot do (no usable model, too long), private
 * data (stays on device unless the person confirms), and then the learned difficulty score.
 */
export function route(
  prompt: string,
  context: RouteContext,
  classifier: DifficultyClassifier,
): RouteDecision {
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

  const pii = findPii(prompt, context.privateTerms);
  const privateGuard = (): RouteDecision | null =>
    pii.length > 0 && !context.confirmedPrivate
      ? device(
          'privacy',
          [`it contains ${pii.map((finding) => finding.label).join(' and ')}, so it stays on this device`],
          null,
          pii,
        )
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

  const scored = classifier.score(prompt);
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
