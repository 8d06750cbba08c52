export { ConversationRepository, newId, titleFrom } from './repository';
export { MemoryChatRepository } from './memory-repository';
export { inWrittenOrder, newestFirst } from './chat-repository';
export type { ChatRepository, ChatRepositoryOptions } from './chat-repository';
export { CHAT_LIMITS, chatRepairNotice, parseConversation, parseMessage } from './parse';
export type { Parsed } from './parse';
export { renderMarkdown } from './markdown';
export { IncrementalMarkdown, type IncrementalMarkdownOptions } from './incremental';
export { DEFAULT_GENERATION_SETTINGS, DEFAULT_SYSTEM_PROMPT, GENERATION_LIMITS } from './types';
export type {
  AnswerMeta,
  Conversation,
  GenerationSettings,
  MessageStatus,
  Placement,
  StoredMessage,
} from './types';
