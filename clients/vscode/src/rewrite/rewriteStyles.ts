import type { RewriteStyle } from '../protocol';

/** One entry of the Rewrite Selection… quick pick. */
export interface RewriteChoice {
  readonly label: string;
  readonly style?: RewriteStyle;
  /** True for the entry that asks for a free instruction instead of a style. */
  readonly custom?: boolean;
}

/** The styles in the order the issue lists them, then the free instruction. */
export const rewriteChoices: readonly RewriteChoice[] = [
  { label: 'Improve writing', style: 'improve' },
  { label: 'Make concise', style: 'concise' },
  { label: 'Make formal', style: 'formal' },
  { label: 'Fix grammar and spelling', style: 'fixGrammar' },
  { label: 'Translate to English', style: 'toEnglish' },
  { label: 'Translate to Chinese', style: 'toChinese' },
  { label: 'Custom instruction…', custom: true },
];

/** What glm/rewrite receives besides the document and range: exactly one of style or instruction. */
export type RewriteAsk = { readonly style: RewriteStyle } | { readonly instruction: string };

/**
 * Turns a quick-pick choice (and, for the custom entry, the typed instruction) into the request's style or
 * instruction; undefined when there is nothing to ask, such as a blank instruction.
 */
export function rewriteAsk(choice: RewriteChoice, instruction?: string): RewriteAsk | undefined {
  if (choice.custom === true) {
    const trimmed = instruction?.trim() ?? '';
    return trimmed.length > 0 ? { instruction: trimmed } : undefined;
  }
  return choice.style === undefined ? undefined : { style: choice.style };
}

/** Han ideographs (CJK Unified Ideographs and Extension A): enough to tell Chinese text from other text. */
const hanCharacter = /[\u3400-\u4dbf\u4e00-\u9fff]/u;

/**
 * The style that translates a selection, following glm.translationTarget as the server does for hovers:
 * "english" or "chinese" choose the target, "auto" turns Chinese text into English and anything else into Chinese.
 */
export function translationStyle(text: string, translationTarget: string | undefined): RewriteStyle {
  switch (translationTarget) {
    case 'english':
      return 'toEnglish';
    case 'chinese':
      return 'toChinese';
    default:
      return hanCharacter.test(text) ? 'toEnglish' : 'toChinese';
  }
}
