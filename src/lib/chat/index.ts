export { ConversationRepository, newId, titleFrom } from './repository';
export type { ChatRepository } from './repository';
export { renderMarkdown } from './markdown';
export { DEFAULT_GENERATION_SETTINGS, DEFAULT_SYSTEM_PROMPT } from './types';
export type {
  AnswerMeta,
  Conversation,
  GenerationSettings,
  MessageStatus,
  Placement,
  StoredMessage,
} from './types';
