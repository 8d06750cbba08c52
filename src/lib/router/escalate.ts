import type { RouteDecision, RoutingMode } from './router';

/** What to do after an on-device answer: nothing, offer the cloud, or ask it straight away. */
export type Escalation = 'none' | 'offer' | 'automatic';

/**
 * The cascade (step 4 of the router): an unsure on-device answer is re-asked in the cloud automatically only
 * when the router itself chose the device by score in Automatic mode. A gate (no cloud, offline, budget)
 * rules the cloud out; the person's own choice and private data are only ever overridden by the person.
 */
export function escalationFor(decision: RouteDecision, mode: RoutingMode, unsure: boolean): Escalation {
  if (!unsure || decision.target !== 'device' || decision.decidedBy === 'gate') return 'none';
  if (decision.decidedBy === 'score' && mode === 'auto' && decision.privateKinds.length === 0)
    return 'automatic';
  return 'offer';
}
