import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

const saved: unknown[] = [];
vi.mock('./lib/bindings', () => ({
  commands: {
    loadPrefs: vi.fn(async () => ({ lang: 'zh-CN', text_size: 'standard' })),
    savePrefs: vi.fn(async (p: unknown) => {
      saved.push(p);
      return { status: 'ok', data: null };
    }),
    uiReady: vi.fn(async () => null),
    kioskInfo: vi.fn(async () => null),
    certificateList: vi.fn(async () => ({ items: [], problem: null, scenarios: ['本人调用'] })),
    portalStatus: vi.fn(async () => ({ status: 'ok', data: { portals: [], age_seconds: 0, offline: false } })),
    topics: vi.fn(async (role: string, lang: string) =>
      role === 'pharmacist'
        ? [{ id: 'nmpa_forgot_password', role, portal: 'nmpa', title: lang === 'en' ? 'Forgot password' : '忘记密码' }]
        : [{ id: 'jszg_login_failed', role, portal: 'jszg', title: '登录失败' }],
    ),
  },
}));

import App from './App.svelte';
window.scrollTo = () => {};
import { locale } from './lib/i18n.svelte';

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  await tick();
}

describe('home → topics', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    locale.lang = 'zh-CN';
    saved.length = 0;
  });

  it('asks who the applicant is, in Chinese, and refuses to continue without an answer', async () => {
    render(App);
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('你是哪类申请人？');
    await fireEvent.click(screen.getByTestId('continue'));
    await settle();
    const summary = screen.getByTestId('error-summary');
    expect(summary.textContent).toContain('请选择你是哪类申请人');
    expect(summary.querySelector('a')?.getAttribute('href')).toBe('#role');
    expect(document.getElementById('role')).not.toBeNull();
  });

  it('reaches the topics of the chosen role and keeps the answer on Back', async () => {
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId('option-pharmacist'));
    await fireEvent.click(screen.getByTestId('continue'));
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('你需要办理什么？');
    expect(screen.getByTestId('option-nmpa_forgot_password')).toBeTruthy();
    expect(screen.getByText('国家药品监督管理局政务服务门户（原网上办事大厅）')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('back'));
    await settle();
    expect((screen.getByTestId('option-pharmacist') as HTMLInputElement).checked).toBe(true);
  });

  it('switches language everywhere and saves the choice', async () => {
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId('lang-en'));
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Which kind of applicant are you?');
    expect(document.documentElement.lang).toBe('en');
    expect(saved).toEqual([{ lang: 'en', text_size: 'standard', care: false, lang_chosen: true }]);
  });

  it('large text size is applied to the page', async () => {
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId('size-large'));
    await settle();
    expect(document.documentElement.dataset.textSize).toBe('large');
    expect(screen.getByTestId('size-large').getAttribute('aria-pressed')).toBe('true');
  });
});
