// The official-page script (src-tauri/core/src/form/page.js) on page shapes other than the
// hall's Element UI, which the end-to-end tests cover in real WebKit: a plain table layout with
// a native <select>, <label for>, a label-less box found by its placeholder, a radio group, and
// a login form whose user box has no label at all. jsdom has no layout, so every element counts
// as shown except those hidden with `display: none`.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Vitest runs in ui/ (npm --prefix ui test).
const source = readFileSync(resolve(process.cwd(), '../src-tauri/core/src/form/page.js'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const page = new Function('op', 'd', source) as (op: string, d: unknown) => unknown;

beforeAll(() => {
  Element.prototype.getClientRects = function (this: Element) {
    const hidden = (this as HTMLElement).closest('[style*="display: none"], [style*="display:none"]');
    return (hidden ? [] : [{}]) as unknown as DOMRectList;
  };
  Element.prototype.scrollIntoView = () => {};
});

type Field = { id: string; labels: string[]; action: string; password?: boolean; login?: boolean; value?: string };
const data = (fields: Field[], extra: Record<string, unknown> = {}) => ({
  form: 'test',
  nonce: 'n1',
  fields: fields.map((f) => ({ password: false, login: false, ...f })),
  never: ['图形验证码', '验证码'],
  need: 2,
  banner: '填好了 {filled} / {total} 项',
  ...extra,
});

async function fillAndReport(d: ReturnType<typeof data>) {
  page('fill', d);
  for (let i = 0; i < 100; i++) {
    const r = page('report', { nonce: d.nonce }) as { fields: { id: string; status: string; seen?: string[] }[] } | null;
    if (r) return Object.fromEntries(r.fields.map((f) => [f.id, f]));
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('no report');
}

describe('the official-page script', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  // The watcher looks again 120 ms after a change: stopped here, it cannot run after the test
  // (or the file) is over, on a page that is gone.
  afterEach(() => {
    page('stop', {});
  });

  it('finds fields by their visible labels in a table, a native select and a radio group, never by id', async () => {
    document.body.innerHTML = `
      <p>通知：咨询人请在联系我们中反馈。</p>
      <form><table>
        <tr><td>* 咨询人：</td><td><input id="x1"></td><td>咨询人类型</td><td>
          <label><input type="radio" name="t" value="1">个人</label><label><input type="radio" name="t" value="2">法人</label></td></tr>
        <tr><td>* 证件类型</td><td><select><option value="">请选择</option><option value="01">居民身份证</option><option value="02">护照</option></select></td>
            <td><label for="m">手机号</label></td><td><input id="m"></td></tr>
        <tr><td>问题分类</td><td><select><option>注册问题</option><option>其他问题</option></select></td></tr>
        <tr><td colspan="2"><input placeholder="请输入电子邮箱"></td></tr>
        <tr><td>图形验证码</td><td><input class="captcha"></td></tr>
      </table><button type="submit">提交</button></form>`;
    let submitted = false;
    document.querySelector('form')!.addEventListener('submit', (e) => {
      submitted = true;
      e.preventDefault();
    });
    const fields: Field[] = [
      { id: 'consultant', labels: ['咨询人'], action: 'type', value: '王小明' },
      { id: 'consultant_type', labels: ['咨询人类型'], action: 'pick', value: '个人' },
      { id: 'id_type', labels: ['咨询人证件类型', '证件类型'], action: 'pick', value: '居民身份证' },
      { id: 'mobile', labels: ['手机号'], action: 'type', value: '13800138000' },
      { id: 'category', labels: ['问题分类'], action: 'pick', value: '账号绑定问题' },
      { id: 'email', labels: ['电子邮箱', '请输入电子邮箱'], action: 'type', value: 'wang@example.com' },
      { id: 'title', labels: ['问题标题'], action: 'type', value: '标题' },
    ];
    const watch = page('watch', data(fields.map(({ value: _v, ...f }) => f))) as { present: boolean; missing: string[] };
    expect(watch.present).toBe(true);
    expect(watch.missing).toEqual(['title']);
    const r = await fillAndReport(data(fields));
    expect(r.consultant.status).toBe('filled');
    expect((document.getElementById('x1') as HTMLInputElement).value).toBe('王小明');
    expect(r.consultant_type.status).toBe('filled');
    expect((document.querySelector('input[value="1"]') as HTMLInputElement).checked).toBe(true);
    expect(r.id_type.status).toBe('filled');
    expect((document.querySelectorAll('select')[0] as HTMLSelectElement).value).toBe('01');
    expect((document.getElementById('m') as HTMLInputElement).value).toBe('13800138000');
    expect(r.category).toEqual({ id: 'category', status: 'no_option', seen: ['注册问题', '其他问题'] });
    expect((document.querySelector('input[placeholder]') as HTMLInputElement).value).toBe('wang@example.com');
    expect(r.title.status).toBe('not_found');
    expect((document.querySelector('.captcha') as HTMLInputElement).value, 'the picture code is never typed').toBe('');
    expect(document.activeElement?.className).toBe('captcha');
    expect(submitted).toBe(false);
    expect(document.documentElement.getAttribute('data-aa-filled')).toBe('partial');
  });

  it('a page that only mentions a label, or hides the form, does not count as the form', () => {
    document.body.innerHTML = `<p>咨询人</p><div style="display: none"><label>手机号<input></label><label>电子邮箱<input></label></div>`;
    const status = page('watch', data([
      { id: 'consultant', labels: ['咨询人'], action: 'type' },
      { id: 'mobile', labels: ['手机号'], action: 'type' },
      { id: 'email', labels: ['电子邮箱'], action: 'type' },
    ])) as { present: boolean; found: string[] };
    expect(status.present).toBe(false);
    expect(status.found).toEqual([]);
  });

  it('types a login into the visible tab, finding an unlabelled user box before the password box', () => {
    document.body.innerHTML = `
      <div style="display: none"><input placeholder="法人账号"><input type="password"></div>
      <div class="tab"><input placeholder="手机号/证件号"><input type="password"><input placeholder="请输入验证码"><button>登录</button></div>`;
    const out = page('login', data([
      { id: 'username', labels: ['用户名'], action: 'type', login: true, value: '11010519491231002X' },
      { id: 'password', labels: ['密码'], action: 'secret', password: true, value: 'pw"</script>' },
    ], { never: ['验证码', '请输入验证码'] })) as Record<string, string>;
    expect(out).toEqual({ username: 'filled', password: 'filled' });
    const tab = document.querySelector('.tab')!;
    expect((tab.querySelectorAll('input')[0] as HTMLInputElement).value).toBe('11010519491231002X');
    expect((tab.querySelectorAll('input')[1] as HTMLInputElement).value).toBe('pw"</script>');
    expect((tab.querySelectorAll('input')[2] as HTMLInputElement).value).toBe('');
    expect((document.querySelector('div input') as HTMLInputElement).value, 'the hidden tab is left alone').toBe('');
  });
});
