// 关怀 mode and read-aloud in the page: the switch, what it changes, what is read and what the
// button says when the computer cannot speak.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

const saved: unknown[] = [];
const speak = vi.fn(async (_text: string, _lang: string) => ({ status: 'ok', data: null }) as unknown);
vi.mock('./lib/bindings', () => ({
  commands: {
    loadPrefs: vi.fn(async () => ({ lang: 'zh-CN', text_size: 'standard', care: false, lang_chosen: false })),
    savePrefs: vi.fn(async (p: unknown) => {
      saved.push(p);
      return { status: 'ok', data: null };
    }),
    uiReady: vi.fn(async () => null),
    kioskInfo: vi.fn(async () => null),
    certificateList: vi.fn(async () => ({ items: [], problem: null, scenarios: ['本人调用'] })),
    portalStatus: vi.fn(async () => ({ status: 'ok', data: { portals: [], age_seconds: 0, offline: false } })),
    topics: vi.fn(async () => []),
    speak: (text: string, lang: string) => speak(text, lang),
    stopSpeaking: vi.fn(async () => null),
  },
}));

import App from './App.svelte';
import { locale } from './lib/i18n.svelte';
import { prefs } from './lib/prefs.svelte';
import { pageText, webVoice } from './lib/read-aloud';
window.scrollTo = () => {};

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  await tick();
}

describe('关怀 mode', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    locale.lang = 'zh-CN';
    prefs.care = false;
    saved.length = 0;
    speak.mockClear();
  });

  it('one switch turns on high contrast, the largest text, plainer words and read-aloud, and is saved', async () => {
    render(App);
    await settle();
    expect(screen.queryByTestId('read-aloud')).toBeNull();
    const before = screen.getByText('选一项。下一步会列出这类申请人常遇到的问题。');
    expect(before).toBeTruthy();
    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
    const root = document.documentElement;
    expect(root.dataset.care).toBe('true');
    expect(root.dataset.textSize).toBe('largest');
    expect(screen.getByTestId('care-mode').getAttribute('aria-pressed')).toBe('true');
    // The size choice waits: 关怀 mode is always the largest.
    expect(screen.getByTestId('size-standard').closest('[role="group"]')?.hasAttribute('hidden')).toBe(true);
    // The catalog's simpler variant replaces the hint.
    expect(screen.getByText('选一个最像你的，再按“继续”。')).toBeTruthy();
    expect(screen.getByTestId('read-aloud')).toBeTruthy();
    expect(saved.at(-1)).toEqual({ lang: 'zh-CN', text_size: 'standard', care: true, lang_chosen: false });

    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
    expect(root.dataset.care).toBe('false');
    expect(root.dataset.textSize).toBe('standard');
    expect(screen.getByText('选一项。下一步会列出这类申请人常遇到的问题。')).toBeTruthy();
  });

  it('reads the question and its choices in the page language through the OS engine', async () => {
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
    await fireEvent.click(screen.getByTestId('read-aloud'));
    await settle();
    expect(speak).toHaveBeenCalledTimes(1);
    const [text, lang] = speak.mock.calls[0];
    expect(lang).toBe('zh-CN');
    expect(text.split('\n')[0]).toBe('你是哪类申请人？');
    expect(text).toContain('执业药师');
    expect(screen.getByTestId('read-aloud-stop')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
  });

  it.each([
    ['no_speech_engine', '这台电脑没有可用的语音引擎，无法朗读。请向工作人员或家人求助。'],
    ['no_voice', '这台电脑没有能读简体中文的语音，无法朗读本页。'],
  ])('says so when the computer cannot speak (%s)', async (code, message) => {
    speak.mockResolvedValueOnce({ status: 'error', error: { code, detail: '' } });
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
    await fireEvent.click(screen.getByTestId('read-aloud'));
    await settle();
    expect(screen.getByTestId('read-aloud-message').textContent).toBe(message);
    expect(screen.queryByTestId('read-aloud-stop')).toBeNull();
    await fireEvent.click(screen.getByTestId('care-mode'));
    await settle();
  });
});

describe('what read-aloud reads', () => {
  it('the heading, the step list, nothing twice', () => {
    document.body.innerHTML = '<main><h1>办理步骤</h1><p>不读这段</p><ol><li>登录</li><li>实名核验</li></ol></main>';
    expect(pageText()).toBe('办理步骤\n登录\n实名核验');
  });

  it('prefers a WebView voice of the page language and takes none of another', () => {
    const v = (lang: string) => ({ lang }) as SpeechSynthesisVoice;
    const voices = [v('en-US'), v('zh-TW'), v('zh-CN')];
    expect(webVoice('zh-CN', voices)?.lang).toBe('zh-CN');
    expect(webVoice('zh-TW', voices)?.lang).toBe('zh-TW');
    expect(webVoice('zh-TW', [v('zh-CN')])?.lang).toBe('zh-CN');
    expect(webVoice('en', voices)?.lang).toBe('en-US');
    expect(webVoice('zh-CN', [v('en-US'), v('cmn-latn-pinyin')])).toBeUndefined();
    expect(webVoice('en', [v('zh-CN')])).toBeUndefined();
  });
});
