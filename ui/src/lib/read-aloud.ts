// What read-aloud (语音阅读) reads, and which WebView voice can read it.
import type { Lang } from './bindings';

/** The words of the current page worth hearing, in reading order: the heading, the question
 *  with its hint and choices, and the step list. */
export function pageText(root: ParentNode = document): string {
  const main = root.querySelector('main');
  if (!main) return '';
  const parts: string[] = [];
  const add = (el: Element | null) => {
    const text = ((el as HTMLElement | null)?.innerText || el?.textContent || '').trim();
    if (text && !parts.includes(text)) parts.push(text);
  };
  add(main.querySelector('h1'));
  const question = main.querySelector('fieldset');
  if (question) {
    add(question.querySelector('legend'));
    add(question.querySelector('.hint'));
    question.querySelectorAll('.radio-label').forEach(add);
  }
  main.querySelector('ol')?.querySelectorAll(':scope > li').forEach(add);
  return parts.join('\n');
}

/** A WebView voice for `lang`, if the engine behind speechSynthesis has one. Traditional
 *  Chinese prefers a Taiwan/Hong Kong voice and takes any Mandarin one otherwise. */
export function webVoice(lang: Lang, voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const tag = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  if (lang === 'en') return voices.find((v) => /^en\b/.test(tag(v)));
  const chinese = voices.filter((v) => /^(zh|cmn)\b/.test(tag(v)) && !/latn|pinyin/.test(tag(v)));
  const traditional = (v: SpeechSynthesisVoice) => /-(tw|hk|mo|hant)\b/.test(tag(v));
  return lang === 'zh-TW' ? (chinese.find(traditional) ?? chinese[0]) : (chinese.find((v) => !traditional(v)) ?? chinese[0]);
}
