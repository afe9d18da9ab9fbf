import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

const answers: Record<string, unknown> = {};
vi.mock('../lib/bindings', () => ({
  commands: { messageSearch: vi.fn(async (q: string) => answers[q]) },
}));

import MessageSearch from './MessageSearch.svelte';
import { locale } from '../lib/i18n.svelte';

const match = (flow_id: string, why: string, score: number) => ({
  flow_id,
  node_id: 'f_x',
  portal: 'cpta',
  flow_title: `标题 ${flow_id}`,
  message: '证书生成中请等待',
  highlighted: [
    { text: '证书生成中', hit: true },
    { text: '请等待', hit: false },
  ],
  matched_words: ['证书生成中'],
  node_text: '提交申请后，系统会在 24 小时内完成加注。',
  score,
  why,
});

const empty = {
  query_normalized: '',
  matches: [],
  maybe: [],
  portal: null,
  elsewhere: null,
  help: null,
  several_portals: false,
};

async function ask(q: string) {
  const box = screen.getByTestId('search-input');
  await fireEvent.input(box, { target: { value: q } });
  await fireEvent.submit(screen.getByTestId('message-search'));
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
}

describe('MessageSearch', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    locale.lang = 'zh-CN';
  });

  it('shows answers with the shared words marked and opens the chosen one', async () => {
    answers['生成中'] = { ...empty, matches: [match('cpta_annotation', 'words', 700)] };
    const onOpen = vi.fn();
    render(MessageSearch, { onOpen });
    await ask('生成中');
    const result = screen.getByTestId('result-cpta_annotation');
    expect(result.textContent).toContain('指南里相关的说明');
    expect([...result.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['证书生成中', '证书生成中']);
    await fireEvent.click(result);
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ flow_id: 'cpta_annotation' }));
  });

  it('says honestly that no guide matches, offers maybe topics and the portal help', async () => {
    answers['未核验'] = {
      ...empty,
      maybe: [match('cpta_download', 'words', 300)],
      portal: 'cpta',
      help: {
        id: 'cpta',
        name: '中国人事考试网',
        former_name: null,
        name_source: null,
        home: 'https://www.cpta.com.cn/',
        help: [{ kind: 'advice', value: '', what: '找报考所在地的考试机构', source: '来源：某页，2021-06-30' }],
      },
    };
    render(MessageSearch, { onOpen: vi.fn() });
    await ask('未核验');
    const none = screen.getByTestId('search-none');
    expect(none.textContent).toContain('还没有与这条提示相符的指南');
    expect(screen.getByTestId('search-maybe').textContent).toContain('标题 cpta_download');
    const help = screen.getByTestId('search-help');
    expect(help.dataset.portal).toBe('cpta');
    expect(help.textContent).toContain('中国人事考试网自己的求助方式');
    expect(help.textContent).toContain('找报考所在地的考试机构');
    expect(screen.queryByTestId('search-results')).toBeNull();
  });

  it('asks which site when the message is the same on several', async () => {
    answers['忘记密码'] = {
      ...empty,
      maybe: [match('jszg_forgot_password', 'words', 840), { ...match('nmpa_forgot_password', 'words', 830), portal: 'nmpa' }],
      several_portals: true,
    };
    render(MessageSearch, { onOpen: vi.fn() });
    await ask('忘记密码');
    expect(screen.getByTestId('search-several-sites').textContent).toContain('看不出是哪个网站');
    const offered = screen.getByTestId('search-maybe');
    expect(offered.textContent).toContain('标题 jszg_forgot_password');
    expect(offered.textContent).toContain('标题 nmpa_forgot_password');
    // Not "no guide", and not "not sure": the guides are right, only the site is unknown.
    expect(screen.getByTestId('search-none').textContent).not.toContain('还没有与这条提示相符的指南');
    expect(screen.getByTestId('search-none').textContent).not.toContain('不太确定');
  });

  it('names a look-alike site the app does not cover', async () => {
    answers['ntce'] = { ...empty, elsewhere: '中小学教师资格考试网（教资考试报名）' };
    render(MessageSearch, { onOpen: vi.fn() });
    await ask('ntce');
    expect(screen.getByTestId('search-elsewhere').textContent).toContain('中小学教师资格考试网');
  });
});
