import type { ChatMessage } from '../engine/types';
import { findPii, type PiiFinding } from './pii';

/** Private data found in one message of a prompt that would leave the device: the kind, and which turn. */
export interface PrivateFinding extends PiiFinding {
  /** Index of the message in the prompt. */
  index: number;
  /** Where it is, in words: "this message", "your previous message", "the system prompt", … */
  place: string;
}

/**
 * Checks every message that would be sent, not only the newest: earlier turns, the system prompt and the
 * model's own answers (which may repeat what the person wrote) all leave the device together.
 */
export function findPrivateData(
  messages: readonly ChatMessage[],
  privateTerms: readonly string[],
): PrivateFinding[] {
  const places = placesOf(messages);
  return messages.flatMap((message, index) =>
    findPii(message.content, privateTerms).map((finding) => ({
      ...finding,
      index,
      place: places[index] ?? 'an earlier message',
    })),
  );
}

/** "an email address in your previous message": a finding as people read it, never with the value. */
export function describeFinding(finding: PrivateFinding): string {
  return `${finding.label} in ${finding.place}`;
}

/** Names each message by its distance from the newest user message, the way a person would point at it. */
function placesOf(messages: readonly ChatMessage[]): string[] {
  const places: string[] = [];
  let userTurnsAfter = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message) continue;
    if (message.role === 'system') {
      places[i] = 'the system prompt';
    } else if (message.role === 'user') {
      places[i] =
        userTurnsAfter === 0
          ? 'this message'
          : userTurnsAfter === 1
            ? 'your previous message'
            : `your message ${userTurnsAfter} turns ago`;
      userTurnsAfter++;
    } else {
      places[i] = userTurnsAfter <= 1 ? 'the previous answer' : `an answer ${userTurnsAfter} turns ago`;
    }
  }
  return places;
}
