// A local stand-in for the official portals, served on 127.0.0.1 only (no real host is reachable
// from the tests). Pages:
//   /feedback  the NMPA hall's feedback form, with the field ids `nmpa_fill.toml` names, a live
//              500-character counter, a picture-code box and a submit button that records what
//              was sent (GET /feedback/sent returns the last submission as JSON).
//   /form      a page that stores what it is given in a cookie and localStorage (kiosk wipe test).
import { createServer } from 'node:http';

const options = (list) => list.map((v) => `<option>${v}</option>`).join('');

export function feedbackPage() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>问题反馈（模拟）</title>
<style>body{font:18px sans-serif;margin:24px;max-width:900px} label{display:block;margin-top:12px;font-weight:700}
input,select,textarea{font:inherit;width:100%;padding:6px;box-sizing:border-box}</style>
<h1>网上办事大厅 问题反馈（本地模拟页面）</h1>
<form id="f" onsubmit="return send(event)">
<label for="consultantName">* 咨询人</label><input id="consultantName">
<label for="consultantType">* 咨询人类型</label><select id="consultantType"><option value="">请选择</option>${options(['个人', '企业', '其他'])}</select>
<label for="idType">* 咨询人证件类型</label><select id="idType"><option value="">请选择</option>${options(['居民身份证', '港澳台居民居住证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证'])}</select>
<label for="idNumber">* 咨询人证件号码</label><input id="idNumber">
<label for="mobile">* 手机号</label><input id="mobile">
<label for="email">* 电子邮箱</label><input id="email">
<label for="category">* 问题分类</label><select id="category"><option value="">请选择</option>${options(['注册问题', '登录问题', '账号绑定问题', '实名认证问题', '其他问题'])}</select>
<label for="businessSystem">所属业务系统</label><input id="businessSystem" value="网上办事大厅" readonly>
<label for="questionTitle">* 问题标题</label><input id="questionTitle">
<label for="questionDescription">* 问题描述</label><textarea id="questionDescription" rows="8" maxlength="500"></textarea>
<p><span id="descriptionCount">0</span>/500</p>
<label for="captchaCode">* 图形验证码</label><input id="captchaCode"> <img alt="验证码" width="90" height="30">
<p><button id="submitFeedback">提交</button></p>
</form>
<script>
const d = document.getElementById('questionDescription');
d.addEventListener('input', () => { document.getElementById('descriptionCount').textContent = d.value.length; });
function send(e) {
  e.preventDefault();
  const v = (id) => document.getElementById(id).value;
  const body = {};
  for (const id of ['consultantName','consultantType','idType','idNumber','mobile','email','category','questionTitle','questionDescription','captchaCode']) body[id] = v(id);
  fetch('/feedback/sent', { method: 'POST', body: JSON.stringify(body) }).then(() => { document.body.setAttribute('data-sent', 'yes'); });
  return false;
}
</script></html>`;
}

/** Starts the simulator on `port` (0: any free port). Resolves to { server, port, sent() }. */
export function startSimulator(port = 0, { storeId = '' } = {}) {
  let lastSent = null;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/feedback/sent' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        lastSent = JSON.parse(body);
        res.end('ok');
      });
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (url.pathname === '/feedback') return res.end(feedbackPage());
    if (storeId) res.setHeader('Set-Cookie', `applicant=${encodeURIComponent(storeId)}; Path=/`);
    res.end(`<!doctype html><title>模拟官网</title><h1>模拟官方网站</h1><script>localStorage.setItem('id', ${JSON.stringify(storeId)})</script>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, sent: () => lastSent }));
  });
}
