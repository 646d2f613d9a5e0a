import { generateAIControl } from './ai-control.js';
import { generateAI } from './ai.js';
import { generateAN } from './an.js';
import type { GeneratedKind, Generator } from './types.js';

/** The stimulus generators, by kind (paper section 2.2; AI_CONTROL: Supplementary Figure 4). */
export const GENERATORS = {
  AN: generateAN,
  AI: generateAI,
  AI_CONTROL: generateAIControl,
} as const satisfies { [K in GeneratedKind]: Generator<K> };

export * from './types.js';
export { generateAN, generateAI, generateAIControl };
