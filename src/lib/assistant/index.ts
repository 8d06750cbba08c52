/** Answering a turn of a conversation: routing, streaming, fallback, charging and saving, free of any UI. */
export { answerTurn, PERSIST_EVERY_MS } from './turn';
export { promptFrom } from './prompt';
export type * from './types';
