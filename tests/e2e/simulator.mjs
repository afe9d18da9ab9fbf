// A local stand-in for the official portals, served on 127.0.0.1 only (no real host is reachable
// from the tests). Pages:
//   /feedback  the NMPA hall's feedback form, with the field ids `nmpa_fill.toml` names, a live
//              500-character counter, a picture-code box and a submit button that records what
//              was sent (GET /feedback/sent returns the last submission as JSON).
//   /form      a page that stores what it is given in a cookie and localStorage (kiosk wipe test).
//   /cpta      the CPTA site's certificate page with a download link; /cpta/certificate.pdf is a
//              small, valid one-page PDF (`certificatePdf()`) sent as an attachment.
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

export function cptaPage() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>中国人事考试网（本地模拟）</title>
<style>body{font:20px sans-serif;margin:24px;max-width:900px} a{font-size:24px}</style>
<h1>中国人事考试网（本地模拟）</h1>
<p>电子证书下载</p>
<p><a id="download" href="/cpta/certificate.pdf" download>下载电子证书</a></p></html>`;
}

/**
 * A minimal, valid PDF 1.4: one page with a drawn frame, and an Info dictionary whose /Title is
 * 电子证书 as a UTF-16BE hex string. The cross-reference offsets are computed, so strict readers
 * (lopdf in the app's import) accept it. The same bytes every time (same SHA-256).
 */
export function certificatePdf() {
  const utf16be = (s) => {
    let hex = 'FEFF';
    for (const ch of s) {
      const code = ch.codePointAt(0);
      if (code > 0xffff) throw new Error('BMP only');
      hex += code.toString(16).toUpperCase().padStart(4, '0');
    }
    return `<${hex}>`;
  };
  const content = '0.1 0.3 0.4 RG 4 w 40 40 515 762 re S\n0.95 0.95 0.9 rg 60 700 475 80 re f\n';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    `<< /Title ${utf16be('电子证书')} /Producer (applicant-assistant e2e simulator) >>`,
  ];
  // The binary comment line marks the file as binary for tools that sniff it.
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
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
    if (url.pathname === '/cpta/certificate.pdf') {
      const pdf = certificatePdf();
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', 'attachment; filename="certificate.pdf"');
      res.setHeader('Content-Length', pdf.length);
      return res.end(pdf);
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (url.pathname === '/cpta' || url.pathname === '/cpta/') return res.end(cptaPage());
    if (url.pathname === '/feedback') return res.end(feedbackPage());
    if (storeId) res.setHeader('Set-Cookie', `applicant=${encodeURIComponent(storeId)}; Path=/`);
    res.end(`<!doctype html><title>模拟官网</title><h1>模拟官方网站</h1><script>localStorage.setItem('id', ${JSON.stringify(storeId)})</script>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, sent: () => lastSent }));
  });
}
