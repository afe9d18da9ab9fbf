// Stand-ins for the official portals, served over HTTPS under their real host names. The e2e
// run happens in its own network and mount namespace (run.sh): a hosts file maps the portals'
// names to 127.0.0.1 and a test-only CA, trusted inside the namespace only, signs the
// certificate used here. So the app opens its real addresses (https://zwfw.nmpa.gov.cn/…), and
// plain http (port 80) is answered too, to show the app never uses it.
//
// The pages behave like the real sites as public material describes them
// (portal-facts: "Hosts", "NMPA hall"):
//   zwfw.nmpa.gov.cn   a hash-routed single-page hall built with the real Vue 2 + Element UI
//                      (from npm): generated element ids, the feedback form in an el-dialog
//                      reached through 联系我们 → 点击此处, el-select drop-downs whose list is
//                      appended to <body>, a radio group, a textarea with Element's 0/500
//                      counter, a picture code; 在线办理 opens a business system in a new window;
//                      the reply lookup (在线办事反馈查询) on its own route; a login page with
//                      法人/个人 tabs.
//   www.cpta.com.cn    the news site; 电子证书下载 (a plain-http link, target=_blank) leads to
//   zs.cpta.com.cn     the certificate system: login, 服务须知, the list, and a pdf.js-style
//                      viewer (…/plugins/pdfjs/web/viewer.html?file=…) whose download button
//                      saves a blob, as pdf.js does; a usage note that is not a PDF.
//   zg.cpta.com.cn     the account platform's login.
//   www.jszg.edu.cn / sso1.jszg.edu.cn   the teacher site and its login, with a slider check.
// Every form submission and every TLS server name asked for is recorded for the tests.
import { createServer as createHttps } from 'node:https';
import { createServer as createHttp } from 'node:http';
import { crc32 } from 'node:zlib';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');

export const HOSTS = [
  'zwfw.nmpa.gov.cn',
  'www.cpta.com.cn',
  'zs.cpta.com.cn',
  'zg.cpta.com.cn',
  'www.jszg.edu.cn',
  'sso1.jszg.edu.cn',
  'app.jszg.edu.cn',
];
/** Names the hosts file also maps to 127.0.0.1 that are NOT portals: the app must never ask for them. */
export const FOREIGN = ['www.nmpa.gov.cn', 'www.baidu.com'];

export const CPTA_USER = 'liming2020';
export const CPTA_PASSWORD = 'Cpta#2026-考试';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A random id, as Vue/Element apps generate them: the fill must never depend on ids. */
const rid = (p) => `${p}-${Math.random().toString(36).slice(2, 8)}`;

// ---- NMPA hall ---------------------------------------------------------------------------------

/**
 * The hall's single-page app. `variant: 'changed'` renames 问题标题 to 标题 and drops
 * 账号绑定问题 from 问题分类, as a portal update might.
 */
export function hallPage({ variant = '' } = {}) {
  const changed = variant === 'changed';
  const categories = ['注册问题', '登录问题', ...(changed ? [] : ['账号绑定问题']), '实名认证问题', '其他问题'];
  const ids = Object.fromEntries(['zxr', 'zjhm', 'sjh', 'yx', 'bt', 'ms', 'yzm', 'q1', 'q2', 'q3', 'q4'].map((k) => [k, rid('el-id')]));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>国家药品监督管理局政务服务门户</title>
<link rel="stylesheet" href="/static/element/theme-chalk/index.css">
<style>
body{margin:0;font:14px "Noto Sans CJK SC",sans-serif;color:#303133;background:#f5f7fa}
.top{display:flex;justify-content:space-between;align-items:center;background:#1f4e8c;color:#fff;padding:12px 24px}
.top a{color:#fff;margin-left:18px;text-decoration:none}
.logo{font-size:20px;font-weight:700}
main{max-width:1100px;margin:16px auto;background:#fff;padding:16px 24px;min-height:420px}
footer{text-align:center;color:#606266;padding:16px}
.sys{border:1px solid #dcdfe6;padding:12px;margin:8px 0}
</style></head><body>
<div id="app">
  <div class="top"><span class="logo">国家药品监督管理局政务服务门户</span>
    <nav><a href="#/">首页</a><a href="#/other">其他服务</a><a href="#/contact" id="nav-contact">联系我们</a><a href="/web/user/login#person">登录</a></nav></div>
  <main>
    <section v-if="route === '/' || route === '/other'" id="home">
      <h2>{{ route === '/other' ? '其他服务' : '政务服务' }}</h2>
      <div class="sys">全国执业药师注册管理信息系统 <a href="https://zwfw.nmpa.gov.cn/zyys/index" target="_blank" id="biz-link">在线办理</a></div>
      <div class="sys">药品业务应用系统 <a href="https://www.nmpa.gov.cn/datasearch/home-index.html" target="_blank" id="foreign-link">数据查询（国家药监局网站）</a></div>
      <p>通知：手机号码变更、咨询人信息请在“联系我们”中反馈。</p>
    </section>
    <section v-else-if="route === '/contact'" id="contact">
      <h2>网上办事大厅使用问题咨询</h2>
      <p>网上办事大厅使用问题请<a href="javascript:;" id="open-feedback" @click="dialog = true">点击此处</a>反馈。</p>
      <p>(我们会在两个工作日之内给您回复, 请通过下面的方式查询)</p>
      <p>•未登录状态提交的问题, 请到<a href="#/feedback/query" id="open-query">在线办事反馈查询界面</a>中查询回复。</p>
    </section>
    <section v-else-if="route === '/feedback/query'" id="query">
      <h2>在线办事问题反馈查询</h2>
      <el-form :model="q" label-width="110px" size="small" style="max-width:520px">
        <el-form-item label="咨询人" required><el-input v-model="q.zxr" placeholder="咨询人" id="${ids.q1}"></el-input></el-form-item>
        <el-form-item label="手机号" required><el-input v-model="q.sjh" placeholder="手机号" id="${ids.q2}"></el-input></el-form-item>
        <el-form-item label="电子邮箱" required><el-input v-model="q.yx" placeholder="电子邮箱" id="${ids.q3}"></el-input></el-form-item>
        <el-form-item label="图形验证码" required><el-input v-model="q.yzm" placeholder="请输入图形验证码" id="${ids.q4}" style="width:160px"></el-input> <img :src="captcha" alt="验证码"></el-form-item>
        <el-form-item><el-button type="primary" @click="lookup">查询</el-button></el-form-item>
      </el-form>
      <p>本界面仅供查询近3个月的未登录状态下的问题回复。</p>
    </section>
  </main>
  <footer>地址：北京市西城区展览路北露园1号 · <a href="http://zwfw.nmpa.gov.cn/web/index#/contact" id="footer-contact">联系我们</a></footer>

  <el-dialog title="问题反馈" :visible.sync="dialog" width="94%" :close-on-click-modal="false" top="6vh">
    <el-form ref="form" :model="form" :rules="rules" label-width="130px" size="small">
      <el-row>
        <el-col :span="12"><el-form-item label="咨询人" prop="zxr"><el-input v-model="form.zxr" placeholder="咨询人" id="${ids.zxr}"></el-input></el-form-item></el-col>
        <el-col :span="12"><el-form-item label="咨询人类型" prop="zxrlx"><el-radio-group v-model="form.zxrlx"><el-radio label="个人">个人</el-radio><el-radio label="法人">法人</el-radio></el-radio-group></el-form-item></el-col>
      </el-row>
      <el-row>
        <el-col :span="12"><el-form-item label="咨询人证件类型" prop="zjlx"><el-select v-model="form.zjlx" placeholder="请选择咨询人证件类型" style="width:100%">
          <el-option v-for="o in idTypes" :key="o" :label="o" :value="o"></el-option></el-select></el-form-item></el-col>
        <el-col :span="12"><el-form-item label="咨询人证件号码" prop="zjhm"><el-input v-model="form.zjhm" placeholder="咨询人证件号码" id="${ids.zjhm}"></el-input></el-form-item></el-col>
      </el-row>
      <el-row>
        <el-col :span="12"><el-form-item label="手机号" prop="sjh"><el-input v-model="form.sjh" placeholder="手机号" id="${ids.sjh}"></el-input></el-form-item></el-col>
        <el-col :span="12"><el-form-item label="电子邮箱" prop="yx"><el-input v-model="form.yx" placeholder="电子邮箱" id="${ids.yx}"></el-input></el-form-item></el-col>
      </el-row>
      <el-row>
        <el-col :span="12"><el-form-item label="问题分类" prop="wtfl"><el-select v-model="form.wtfl" placeholder="请选择问题分类" style="width:100%">
          <el-option v-for="o in categories" :key="o" :label="o" :value="o"></el-option></el-select></el-form-item></el-col>
        <el-col :span="12"><el-form-item label="所属业务系统"><el-input value="网上办事大厅" disabled></el-input></el-form-item></el-col>
      </el-row>
      <el-form-item label="${changed ? '标题' : '问题标题'}" prop="bt"><el-input v-model="form.bt" placeholder="${changed ? '标题' : '问题标题'}" id="${ids.bt}"></el-input></el-form-item>
      <el-form-item label="问题描述" prop="ms"><el-input type="textarea" v-model="form.ms" :rows="6" maxlength="500" show-word-limit placeholder="问题描述" id="${ids.ms}"></el-input></el-form-item>
      <el-form-item label="图形验证码" prop="yzm"><el-input v-model="form.yzm" placeholder="请输入图形验证码" style="width:200px" id="${ids.yzm}"></el-input> <img :src="captcha" alt="验证码" style="vertical-align:middle"></el-form-item>
    </el-form>
    <span slot="footer"><el-button @click="dialog = false">取消</el-button><el-button type="primary" @click="submit" id="submit-feedback">提交</el-button></span>
  </el-dialog>
</div>
<script src="/static/vue.min.js"></script>
<script src="/static/element/index.js"></script>
<script>
function captchaImage() {
  var c = document.createElement('canvas'); c.width = 90; c.height = 32;
  var g = c.getContext('2d'); g.fillStyle = '#eef'; g.fillRect(0, 0, 90, 32);
  g.font = '20px monospace'; g.fillStyle = '#335'; g.fillText('5EYU', 18, 23);
  return c.toDataURL();
}
var req = function (label) { return [{ required: true, message: '请输入' + label, trigger: 'blur' }]; };
var pick = function (label) { return [{ required: true, message: '请选择' + label, trigger: 'change' }]; };
window.hall = new Vue({
  el: '#app',
  data: {
    route: location.hash.slice(1) || '/',
    dialog: false,
    captcha: captchaImage(),
    idTypes: ['居民身份证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证', '护照'],
    categories: ${JSON.stringify(categories)},
    form: { zxr: '', zxrlx: '', zjlx: '', zjhm: '', sjh: '', yx: '', wtfl: '', bt: '', ms: '', yzm: '' },
    q: { zxr: '', sjh: '', yx: '', yzm: '' },
    rules: { zxr: req('咨询人'), zxrlx: pick('咨询人类型'), zjlx: pick('咨询人证件类型'), zjhm: req('咨询人证件号码'), sjh: req('手机号'),
      yx: req('电子邮箱'), wtfl: pick('问题分类'), bt: req('问题标题'), ms: req('问题描述'), yzm: req('图形验证码') }
  },
  methods: {
    submit: function () {
      var vm = this;
      this.$refs.form.validate(function (ok) {
        if (!ok) return;
        fetch('/api/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(vm.form) })
          .then(function () { vm.$message.success('提交成功'); document.body.setAttribute('data-sent', 'yes'); vm.dialog = false; });
      });
    },
    lookup: function () {
      fetch('/api/feedback/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(this.q) });
    }
  }
});
window.addEventListener('hashchange', function () { window.hall.route = location.hash.slice(1) || '/'; });
</script></body></html>`;
}

export function hallLoginPage() {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>用户登录 - 国家药品监督管理局政务服务门户</title>
<link rel="stylesheet" href="/static/element/theme-chalk/index.css"></head><body style="background:#f5f7fa">
<div id="app" style="max-width:420px;margin:60px auto;background:#fff;padding:20px">
  <el-tabs v-model="tab">
    <el-tab-pane label="法人登录" name="first"><el-form label-width="70px" size="small">
      <el-form-item label="用户名"><el-input v-model="a.u" id="${rid('username')}"></el-input></el-form-item>
      <el-form-item label="密码"><el-input v-model="a.p" show-password></el-input></el-form-item></el-form></el-tab-pane>
    <el-tab-pane label="个人登录" name="second"><el-form label-width="70px" size="small">
      <el-form-item label="用户名"><el-input v-model="b.u" placeholder="用户名/手机号/身份证号" id="${rid('username')}"></el-input></el-form-item>
      <el-form-item label="密码"><el-input v-model="b.p" show-password placeholder="请输入密码"></el-input></el-form-item>
      <el-form-item label="验证码"><el-input v-model="b.c" style="width:120px"></el-input></el-form-item></el-form></el-tab-pane>
  </el-tabs>
  <el-button type="primary" style="width:100%">登录</el-button>
</div>
<script src="/static/vue.min.js"></script><script src="/static/element/index.js"></script>
<script>new Vue({ el: '#app', data: { tab: location.hash === '#person' ? 'second' : 'first', a: { u: '', p: '' }, b: { u: '', p: '', c: '' } } });</script>
</body></html>`;
}

function bizPage() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>全国执业药师注册管理信息系统</title>
<body style="font:16px sans-serif;margin:24px"><h1>全国执业药师注册管理信息系统</h1>
<p>由“在线办理”打开的业务系统（模拟）</p></body></html>`;
}

// ---- CPTA ---------------------------------------------------------------------------------------

function cptaHome() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>中国人事考试网</title>
<body style="font:16px sans-serif;margin:0"><div style="background:#b71c1c;color:#fff;padding:14px 24px;font-size:22px">中国人事考试网</div>
<div style="padding:16px 24px"><ul>
<li><a href="http://zs.cpta.com.cn/certMng/login" target="_blank" id="cert-download">电子证书下载</a>（持证人查询下载，含电子证书、电子文件下载）</li>
<li><a href="http://zg.cpta.com.cn/examfront/" id="exam-registration">网上报名</a></li>
<li>考试动态：2026年度执业药师职业资格考试有关事项的通知</li></ul></div></body></html>`;
}

function cptaLogin(error = '') {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>证书查询下载 - 登录</title>
<body style="font:16px sans-serif;margin:24px;max-width:480px"><h2>持证人查询下载</h2>
${error ? `<p id="login-error" style="color:#c00">${esc(error)}</p>` : ''}
<form method="post" action="/certMng/login">
<p><label for="${rid('u')}">用户名</label><br><input name="username" placeholder="请输入用户名/证件号码" style="width:100%"></p>
<p><label>密码<br><input type="password" name="password" style="width:100%"></label></p>
<p><label>验证码<br><input name="captcha" style="width:120px"></label> <span style="letter-spacing:4px;background:#eee">7K2Q</span></p>
<p><button type="submit" id="login">登录</button></p></form></body></html>`;
}

function cptaNotice() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务须知</title>
<body style="font:16px sans-serif;margin:24px;max-width:720px"><h2>服务须知</h2>
<p>电子证书自 2021 年 12 月 17 日起需加注后使用……</p>
<form method="post" action="/certMng/notice"><label><input type="checkbox" name="agree" value="1" id="agree"> 我已阅读并同意</label>
<button type="submit" id="agree-go">同意</button></form></body></html>`;
}

function cptaList() {
  const viewer = `/certMng/plugins/pdfjs/web/viewer.html?file=${encodeURIComponent('/certMng/cert/pdf?id=1')}`;
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>我的证书</title>
<body style="font:16px sans-serif;margin:24px"><h2>我的证书</h2>
<table border="1" cellpadding="8"><tr><th>证书名称</th><th>状态</th><th>操作</th></tr>
<tr><td>执业药师职业资格证书</td><td>有效</td><td><a href="${viewer}" target="_blank" id="view-cert">查看/下载</a></td></tr></table>
<p><a href="/certMng/help/usage.docx" id="usage-note">电子证书使用说明（Word）</a></p></body></html>`;
}

/** A pdf.js-style viewer: it fetches `file`, draws the page, and its download button saves a blob. */
function pdfViewer() {
  return `<!doctype html><html lang="zh-CN" dir="ltr"><head><meta charset="utf-8"><title>PDF.js viewer</title>
<style>body{margin:0;background:#404040;font:14px sans-serif}#toolbarViewer{display:flex;gap:8px;align-items:center;background:#38383d;color:#fff;padding:6px 12px}
#toolbarViewer button{background:#5a5a5f;color:#fff;border:0;padding:6px 12px;cursor:pointer}#viewerContainer{display:grid;place-items:center;padding:16px}
canvas{background:#fff;box-shadow:0 0 8px #000}</style></head><body>
<div id="outerContainer"><div id="toolbarViewer"><span id="pageNumber">1</span> / <span id="numPages">…</span>
<span style="flex:1"></span><button id="print" title="打印">打印</button><button id="download" title="下载">下载</button></div>
<div id="viewerContainer"><canvas id="page1" width="595" height="420"></canvas></div></div>
<script>
var params = new URLSearchParams(location.search);
var file = params.get('file');
var PDFViewerApplication = { data: null, filename: 'document.pdf' };
function filenameFrom(disposition) {
  var m = /filename\\*=UTF-8''([^;]+)/i.exec(disposition || '');
  return m ? decodeURIComponent(m[1]) : null;
}
fetch(file, { credentials: 'same-origin' }).then(function (r) {
  PDFViewerApplication.filename = filenameFrom(r.headers.get('Content-Disposition')) || PDFViewerApplication.filename;
  return r.arrayBuffer();
}).then(function (buf) {
  PDFViewerApplication.data = new Uint8Array(buf);
  document.getElementById('numPages').textContent = '1';
  var g = document.getElementById('page1').getContext('2d');
  g.strokeStyle = '#b71c1c'; g.lineWidth = 6; g.strokeRect(12, 12, 571, 396);
  g.fillStyle = '#222'; g.font = '28px sans-serif'; g.fillText('执业药师职业资格证书', 150, 120);
  g.font = '18px sans-serif'; g.fillText('电子证书（模拟）', 230, 170);
  document.body.setAttribute('data-loaded', 'yes');
});
// As pdf.js's DownloadManager: the document's bytes as a blob, saved through a[download].
document.getElementById('download').addEventListener('click', function () {
  var blob = new Blob([PDFViewerApplication.data], { type: 'application/pdf' });
  var url = URL.createObjectURL(blob);
  var a = document.createElement('a');
  a.href = url; a.download = PDFViewerApplication.filename;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
});
</script></body></html>`;
}

function zgLogin() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>全国专业技术人员资格考试报名服务平台</title>
<body style="font:16px sans-serif;margin:24px;max-width:480px"><h2>用户登录</h2>
<form><p><input name="u" placeholder="请输入用户名/证件号码"></p><p><input name="p" type="password" placeholder="请输入密码"></p>
<p><input name="c" placeholder="请输入验证码"></p><button type="button">登录</button></form></body></html>`;
}

// ---- 中国教师资格网 ------------------------------------------------------------------------------

function jszgHome() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>中国教师资格网</title>
<body style="font:16px sans-serif;margin:0"><div style="background:#0d47a1;color:#fff;padding:14px 24px;font-size:22px">中国教师资格网</div>
<p style="padding:0 24px"><a href="https://sso1.jszg.edu.cn/sso/login.html?service=https%3A%2F%2Fwww.jszg.edu.cn%2Fportal%2Fhome" id="to-login">登录</a></p></body></html>`;
}

function jszgLogin() {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>统一身份认证 - 中国教师资格网</title>
<style>body{font:16px sans-serif;background:#e3edf7;margin:0}.box{max-width:400px;margin:60px auto;background:#fff;padding:24px}
.box input{width:100%;box-sizing:border-box;padding:10px;margin:8px 0;font:inherit}
.track{position:relative;height:40px;background:#e8e8e8;margin:12px 0;text-align:center;line-height:40px;color:#666;user-select:none}
.knob{position:absolute;left:0;top:0;width:44px;height:40px;background:#fff;border:1px solid #ccc;cursor:grab}
.track[data-verified="true"]{background:#7ac23c;color:#fff}</style>
<body><div class="box"><h2>用户登录</h2>
<div class="row"><input id="${rid('input')}" placeholder="请输入身份证件号码" autocomplete="off"></div>
<div class="row"><input id="${rid('input')}" type="password" placeholder="请输入密码"></div>
<div class="track" id="slider" data-verified="false"><span class="knob" id="knob"></span>向右滑动完成验证</div>
<button id="login" disabled style="width:100%;padding:10px">登录</button></div>
<script>
var track = document.getElementById('slider'), knob = document.getElementById('knob'), startX = null;
knob.addEventListener('mousedown', function (e) { startX = e.clientX; });
document.addEventListener('mousemove', function (e) {
  if (startX === null) return;
  var x = Math.max(0, Math.min(track.clientWidth - 44, e.clientX - startX));
  knob.style.left = x + 'px';
  if (x >= track.clientWidth - 46) { track.setAttribute('data-verified', 'true'); document.getElementById('login').disabled = false; startX = null; }
});
document.addEventListener('mouseup', function () { startX = null; if (track.getAttribute('data-verified') !== 'true') knob.style.left = '0px'; });
</script></body></html>`;
}

// ---- Files ------------------------------------------------------------------------------------

/**
 * A minimal, valid PDF 1.4: one page with a drawn frame, and an Info dictionary whose /Title is
 * 电子证书 as a UTF-16BE hex string. The cross-reference offsets are computed, so strict readers
 * (lopdf in the app's import) accept it. The same bytes for the same `producer` (same SHA-256); a
 * test that scans for its own bytes afterwards passes a token in it.
 */
export function certificatePdf({ producer = 'applicant-assistant e2e simulator' } = {}) {
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
    `<< /Title ${utf16be('电子证书')} /Producer (${producer}) >>`,
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

/** A ZIP archive (stored, no compression) of `files` ({ name: text }). */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += 30 + fname.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A Word document (a ZIP without OFD.xml): what a "usage note" download is, not a certificate. */
const DOCX = zip({
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'word/document.xml': '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>电子证书使用说明</w:t></w:r></w:p></w:body></w:document>',
});

const STATIC = {
  '/static/vue.min.js': ['vue/dist/vue.min.js', 'application/javascript'],
  '/static/element/index.js': ['element-ui/lib/index.js', 'application/javascript'],
  '/static/element/theme-chalk/index.css': ['element-ui/lib/theme-chalk/index.css', 'text/css'],
  '/static/element/theme-chalk/fonts/element-icons.woff': ['element-ui/lib/theme-chalk/fonts/element-icons.woff', 'font/woff'],
  '/static/element/theme-chalk/fonts/element-icons.ttf': ['element-ui/lib/theme-chalk/fonts/element-icons.ttf', 'font/ttf'],
};

function body(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });
}

/**
 * Starts the portals: HTTPS on 127.0.0.1:443 (certificate from AA_SIM_TLS_DIR) and plain HTTP on
 * :80 (recorded, never expected). Resolves to { close, sent, queries, logins, serverNames,
 * requests, httpRequests, downloads, setVariant }. (A TLS server name alone may come from
 * WebKit's speculative preconnect to a link under the mouse; a request is a page load.)
 */
export async function startPortals() {
  const dir = process.env.AA_SIM_TLS_DIR;
  if (!dir || !existsSync(join(dir, 'server.pem'))) throw new Error('AA_SIM_TLS_DIR is not set: run the e2e through tests/e2e/run.sh');
  const state = { sent: [], queries: [], logins: [], serverNames: new Set(), requests: [], httpRequests: [], downloads: [], variant: '' };
  const sessions = new Set();

  const handle = async (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    state.requests.push(`${host}${req.url}`);
    const url = new URL(req.url, `https://${host}`);
    const html = (text, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(text);
    };
    const cookie = req.headers.cookie || '';
    const sid = /(?:^|; )sid=([\w-]+)/.exec(cookie)?.[1];
    if (STATIC[url.pathname]) {
      const [file, type] = STATIC[url.pathname];
      res.writeHead(200, { 'Content-Type': type });
      return res.end(readFileSync(join(modules, file)));
    }
    if (host === 'zwfw.nmpa.gov.cn') {
      if (url.pathname === '/') return res.writeHead(302, { Location: '/web/index' }).end();
      if (url.pathname === '/web/index') return html(hallPage({ variant: state.variant }));
      if (url.pathname === '/web/user/login') return html(hallLoginPage());
      if (url.pathname === '/zyys/index') return html(bizPage());
      if (url.pathname === '/api/feedback' && req.method === 'POST') {
        state.sent.push(JSON.parse(await body(req)));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"code":0}');
      }
      if (url.pathname === '/api/feedback/query' && req.method === 'POST') {
        state.queries.push(JSON.parse(await body(req)));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"code":0,"data":[]}');
      }
    }
    if (host === 'www.cpta.com.cn' && url.pathname === '/') return html(cptaHome());
    if (host === 'zg.cpta.com.cn' && url.pathname.startsWith('/examfront')) return html(zgLogin());
    if (host === 'zs.cpta.com.cn') {
      if (url.pathname === '/certMng/login' && req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        state.logins.push({ host, username: form.get('username') });
        if (form.get('username') !== CPTA_USER || form.get('password') !== CPTA_PASSWORD || !form.get('captcha')) {
          return html(cptaLogin('用户名、密码或验证码错误'));
        }
        const id = Math.random().toString(36).slice(2);
        sessions.add(id);
        res.writeHead(302, { 'Set-Cookie': `sid=${id}; Path=/certMng; Secure; HttpOnly`, Location: '/certMng/notice' });
        return res.end();
      }
      if (url.pathname === '/certMng/login' || url.pathname === '/certMng/' || url.pathname === '/certMng') return html(cptaLogin());
      if (!sessions.has(sid)) return res.writeHead(302, { Location: '/certMng/login' }).end();
      if (url.pathname === '/certMng/notice' && req.method === 'POST') {
        const agreed = new URLSearchParams(await body(req)).get('agree') === '1';
        return res.writeHead(302, { Location: agreed ? '/certMng/list' : '/certMng/notice' }).end();
      }
      if (url.pathname === '/certMng/notice') return html(cptaNotice());
      if (url.pathname === '/certMng/list') return html(cptaList());
      if (url.pathname === '/certMng/plugins/pdfjs/web/viewer.html') return html(pdfViewer());
      if (url.pathname === '/certMng/cert/pdf') {
        const pdf = certificatePdf();
        state.downloads.push('pdf');
        res.writeHead(200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent('执业药师电子证书.pdf')}`,
          'Content-Length': pdf.length,
        });
        return res.end(pdf);
      }
      if (url.pathname === '/certMng/help/usage.docx') {
        state.downloads.push('docx');
        res.writeHead(200, {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'Content-Disposition': 'attachment; filename="usage.docx"',
          'Content-Length': DOCX.length,
        });
        return res.end(DOCX);
      }
    }
    if (host === 'www.jszg.edu.cn' && url.pathname.startsWith('/portal')) return html(jszgHome());
    if (host === 'sso1.jszg.edu.cn' && url.pathname === '/sso/login.html') return html(jszgLogin());
    html(`<!doctype html><meta charset="utf-8"><title>404</title><h1>404 ${esc(host)}${esc(url.pathname)}</h1>`, 404);
  };

  const tls = {
    key: readFileSync(join(dir, 'server-key.pem')),
    cert: readFileSync(join(dir, 'server.pem')),
    SNICallback: (name, cb) => {
      state.serverNames.add(name);
      cb(null, null);
    },
  };
  const https = createHttps(tls, (req, res) => handle(req, res).catch((e) => res.writeHead(500).end(String(e))));
  const http = createHttp((req, res) => {
    state.httpRequests.push(`${req.headers.host}${req.url}`);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>明文 HTTP</title><h1 id="plain-http">这是明文 HTTP 页面</h1>');
  });
  const listen = (server, port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  await listen(https, 443);
  await listen(http, 80);
  return {
    sent: () => state.sent,
    queries: () => state.queries,
    logins: () => state.logins,
    serverNames: () => [...state.serverNames],
    /** Every HTTPS request, as host + path. */
    requests: () => state.requests,
    httpRequests: () => state.httpRequests,
    downloads: () => state.downloads,
    setVariant: (v) => (state.variant = v),
    close: () => {
      // WebKit keeps connections open: end them, or close() waits for the app to quit.
      https.closeAllConnections();
      http.closeAllConnections();
      return Promise.all([new Promise((r) => https.close(r)), new Promise((r) => http.close(r))]);
    },
  };
}
