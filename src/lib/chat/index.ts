export { ConversationRepository, newId, titleFrom } from './repository';
export { renderMarkdown } from './markdown';
export { IncrementalMarkdown, type IncrementalMarkdownOptions } from './incremental';
export { DEFAULT_GENERATION_SETTINGS, DEFAULT_SYSTEM_PROMPT } from './types';
export type {
  AnswerMeta,
  Conversation,
  GenerationSettings,
  MessageStatus,
  Placement,
  StoredMessage,
} from './types';
