import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
let used: string[] = [];
let fillAnswers: unknown[] = [];
const panel = {
  title: text('网上办事大厅问题反馈表'),
  form: 'nmpa_feedback',
  portal: 'nmpa',
  how_to_reach: text('联系我们 → 点击此处'),
  can_fill: true,
  can_login: false,
  items: [
    { id: 'consultant', label: '咨询人', hint: text('姓名'), value: '王小明', copy: true, secret: false, multiline: false, note: null },
    { id: 'category', label: '问题分类', hint: text('分类'), value: '账号绑定问题', copy: true, secret: false, multiline: false, note: null },
    { id: 'captcha', label: '图形验证码', hint: text('验证码'), value: '', copy: false, secret: false, multiline: false, note: text('这一项由你自己在网页上完成') },
  ],
};
let outcomes: unknown[] = [];

vi.mock('../lib/bindings', () => ({
  commands: {
    panelGet: vi.fn(async () => ({ panel, look: { lang: 'zh-CN', text_size: 'large' }, used, outcomes })),
    panelCopy: vi.fn(async (id: string) => {
      used = [...used, id];
      return { status: 'ok', data: { used, cleared_after: null } };
    }),
    panelTick: vi.fn(async (id: string, on: boolean) => {
      used = on ? [...used, id] : used.filter((u) => u !== id);
      return used;
    }),
    panelFill: vi.fn(async () => fillAnswers.shift()),
    panelLogin: vi.fn(),
    panelCancel: vi.fn(async () => null),
    uiReady: vi.fn(async () => null),
  },
}));

import CopyPanel from './CopyPanel.svelte';
import { commands } from '../lib/bindings';

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  await tick();
}

describe('copy panel', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    used = [];
    outcomes = [];
    fillAnswers = [];
  });

  it('tells the shell it is ready (so its hidden window shows) once its values are in', async () => {
    vi.mocked(commands.uiReady).mockClear();
    let answer: (v: unknown) => void = () => {};
    vi.mocked(commands.panelGet).mockImplementationOnce(() => new Promise((r) => (answer = r)) as never);
    render(CopyPanel);
    await settle();
    expect(commands.uiReady).not.toHaveBeenCalled();
    answer({ panel, look: { lang: 'zh-CN', text_size: 'large' }, used, outcomes });
    await settle();
    expect(commands.uiReady).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('panel-value-consultant').textContent).toBe('王小明');
  });

  it('shows every value with a copy button and ticks off what was copied', async () => {
    render(CopyPanel);
    await settle();
    expect(document.documentElement.dataset.textSize).toBe('large');
    expect(screen.getByTestId('panel-value-consultant').textContent).toBe('王小明');
    expect(screen.queryByTestId('panel-copy-captcha')).toBeNull();
    expect(screen.getByTestId('panel-item-captcha').textContent).toContain('由你自己');
    await fireEvent.click(screen.getByTestId('panel-copy-consultant'));
    await settle();
    expect(screen.getByTestId('panel-item-consultant').getAttribute('data-used')).toBe('true');
    expect(screen.getByTestId('panel-toast').textContent).toContain('已复制“咨询人”');
    expect(screen.getByTestId('panel-item-consultant').textContent).toContain('已用过');
  });

  it('waits for the form, then marks what to copy by hand', async () => {
    fillAnswers = [
      { status: 'ok', data: { state: 'no_form' } },
      {
        status: 'ok',
        data: {
          state: 'done',
          lines: [
            { id: 'consultant', status: 'filled', message: null },
            { id: 'category', status: 'no_option', message: text('“问题分类”的列表里没有这一项') },
          ],
        },
      },
    ];
    render(CopyPanel);
    await settle();
    outcomes = [
      { id: 'consultant', status: 'filled', message: null },
      { id: 'category', status: 'no_option', message: text('“问题分类”的列表里没有这一项') },
    ];
    await fireEvent.click(screen.getByTestId('panel-fill'));
    await settle();
    await settle();
    expect(screen.getByTestId('panel-result').textContent).toContain('填好了 1 项（共 2 项）');
    expect(screen.getByTestId('panel-result').textContent).toContain('没有填上：问题分类');
    expect(screen.getByTestId('panel-byhand-category').textContent).toContain('列表里没有这一项');
    expect(screen.getByTestId('panel-filled-consultant')).toBeTruthy();
  });
});
