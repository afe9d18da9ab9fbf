// The script the app runs in an official page (an app window on a portal). Built by
// `form::script`, which wraps it as `(function (op, d) { … })(op, data)`; the value of the call
// is what the shell reads back. Operations:
//   watch   (no values)   whether the page shows the form now; installs a MutationObserver and
//                         hash/route listeners that keep the answer current, for the shell to
//                         poll. Carries labels only, never what the applicant typed.
//   fill    (values)      types the values into the fields found by their visible labels;
//                         Element-style selects are opened and the matching item clicked,
//                         radio groups and native selects chosen by visible text; stores a
//                         report per field (never the values) for `report`.
//   report                the fill's report, or null while it runs.
//   login   (secrets)     types a user name and password into the visible login form.
// It never presses a submit button, never touches a picture code, slider or SMS code (only puts
// the cursor there), and drops the values it was given once it is done.
'use strict';
var W = window;
var D = document;

function norm(s) {
  return String(s == null ? '' : s)
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000*:：()（）]/g, '')
    .toLowerCase();
}

function visible(el) {
  if (!el || !el.getClientRects || el.getClientRects().length === 0) return false;
  var st = W.getComputedStyle(el);
  return st.visibility !== 'hidden' && st.display !== 'none';
}

// Dialogs that are open now, topmost (last) first: a form in a dialog wins over the page behind.
function openDialogs() {
  var list = D.querySelectorAll('[role="dialog"], [aria-modal="true"], .el-dialog, .el-drawer, .modal, dialog[open]');
  var out = [];
  for (var i = 0; i < list.length; i++) if (visible(list[i])) out.push(list[i]);
  return out.reverse();
}

var TEXTLIKE = /^(text|tel|email|number|search|url|password|)$/;

function isTextInput(el) {
  return el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && TEXTLIKE.test((el.getAttribute('type') || '').toLowerCase()));
}

// The control a person would fill inside `box`: an Element-style select, a native select, a
// radio group, a text area or a text input, in that order.
function controlIn(box) {
  if (!box || box.nodeType !== 1) return null;
  var sel = box.matches('.el-select, [role="combobox"]') ? box : box.querySelector('.el-select, [role="combobox"]');
  if (sel && visible(sel)) return { kind: 'eselect', el: sel, input: sel.tagName === 'INPUT' ? sel : sel.querySelector('input') };
  var native = box.tagName === 'SELECT' ? box : box.querySelector('select');
  if (native && visible(native)) return { kind: 'select', el: native };
  var group = box.matches('[role="radiogroup"], .el-radio-group') ? box : box.querySelector('[role="radiogroup"], .el-radio-group');
  if (!group && box.querySelector('input[type="radio"]')) group = box;
  if (group && visible(group)) return { kind: 'radio', el: group };
  var inputs = box.matches('input, textarea') ? [box] : box.querySelectorAll('textarea, input');
  for (var i = 0; i < inputs.length; i++) {
    if (isTextInput(inputs[i]) && visible(inputs[i])) return { kind: inputs[i].tagName === 'TEXTAREA' ? 'textarea' : 'text', el: inputs[i] };
  }
  return null;
}

// Elements whose own text is one of `wanted` (normalised): label elements, table cells, spans…
function labelElements(root, wanted) {
  var found = [];
  var seen = [];
  var walker = D.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var t = norm(node.data);
    if (!t) continue;
    var el = node.parentElement;
    if (!el || el.closest('script, style, option, #aa-fill-banner, #aa-refused')) continue;
    var hit = wanted.indexOf(t) >= 0;
    if (!hit && el.textContent.length <= 40 && wanted.indexOf(norm(el.textContent)) >= 0) hit = true;
    if (hit && seen.indexOf(el) < 0 && visible(el)) {
      seen.push(el);
      found.push(el);
    }
  }
  return found;
}

// From a label to its control: <label for>, the form item (Element, Ant, Bootstrap), the next
// table cell, or the next sibling holding a control.
function controlForLabel(label) {
  if (label.tagName === 'LABEL' && label.control && visible(label.control) && !label.control.matches('input[type="radio"]')) {
    var c0 = controlIn(label.control.closest('.el-select') || label.control);
    if (c0) return c0;
  }
  var item = label.closest('.el-form-item, .ant-form-item, .form-group, .form-item, .layui-form-item');
  if (item) {
    var content = item.querySelector('.el-form-item__content, .ant-form-item-control, .layui-input-block, .layui-input-inline') || item;
    var c1 = controlIn(content);
    if (c1) return c1;
  }
  var cell = label.closest('td, th');
  if (cell) {
    for (var next = cell.nextElementSibling; next; next = next.nextElementSibling) {
      var c2 = controlIn(next);
      if (c2) return c2;
    }
  }
  var el = label;
  for (var depth = 0; depth < 3 && el; depth++) {
    for (var sib = el.nextElementSibling; sib; sib = sib.nextElementSibling) {
      var c3 = controlIn(sib);
      if (c3) return c3;
    }
    el = el.parentElement;
    if (el && el.matches('form, body, [role="dialog"], .el-dialog__body')) break;
  }
  return null;
}

function sameControl(a, b) {
  return a && b && a.el === b.el;
}

// Finds the control of one field inside `root`: by label text, then placeholder, then aria-label.
function find(field, root, taken) {
  var wanted = field.labels.map(norm);
  var free = function (c) {
    if (!c) return null;
    for (var i = 0; i < taken.length; i++) if (sameControl(taken[i], c)) return null;
    if (field.password && !(c.el.matches && c.el.matches('input[type="password"]'))) return null;
    if (!field.password && c.el.matches && c.el.matches('input[type="password"]')) return null;
    return c;
  };
  var labels = labelElements(root, wanted);
  for (var i = 0; i < labels.length; i++) {
    var c = free(controlForLabel(labels[i]));
    if (c) return c;
  }
  var boxes = root.querySelectorAll('input[placeholder], textarea[placeholder], [aria-label]');
  for (var j = 0; j < boxes.length; j++) {
    var b = boxes[j];
    var names = [b.getAttribute('placeholder'), b.getAttribute('aria-label')];
    if (names.some(function (n) { return n && wanted.indexOf(norm(n)) >= 0; })) {
      var c2 = free(controlIn(b.closest('.el-select') || b));
      if (c2) return c2;
    }
  }
  if (field.password) {
    var pw = root.querySelectorAll('input[type="password"]');
    for (var k = 0; k < pw.length; k++) if (visible(pw[k])) return free({ kind: 'text', el: pw[k] });
  }
  return null;
}

// Where the form is: the topmost open dialog that shows one of its labels, else the page.
function scopeFor(fields) {
  var dialogs = openDialogs();
  for (var i = 0; i < dialogs.length; i++) {
    for (var j = 0; j < fields.length; j++) {
      if (find(fields[j], dialogs[i], [])) return dialogs[i];
    }
  }
  return D.body;
}

function locate(d) {
  var root = scopeFor(d.fields);
  var taken = [];
  var out = [];
  d.fields.forEach(function (f) {
    var c = find(f, root, taken);
    if (c && isNever(c.el, d)) c = null;
    if (c) taken.push(c);
    out.push(c);
  });
  var pwAt = -1;
  d.fields.forEach(function (f, i) { if (f.password && out[i]) pwAt = i; });
  d.fields.forEach(function (f, i) {
    if (f.login && !out[i] && pwAt >= 0) {
      out[i] = loginBeforePassword(out[pwAt].el, out.filter(Boolean), d);
    }
  });
  return { root: root, controls: out };
}

function probe(d) {
  var where = locate(d);
  var found = [];
  var missing = [];
  d.fields.forEach(function (f, i) {
    (where.controls[i] ? found : missing).push(f.id);
  });
  var needed = d.fields.filter(function (f) { return f.password; });
  var present = needed.length > 0
    ? needed.every(function (f) { return found.indexOf(f.id) >= 0; })
    : found.length >= d.need;
  return { present: present, found: found, missing: missing, url: String(location.href) };
}

// Presses an element the way a person would, but never a button, link or submit control.
function press(el) {
  if (!el || el.closest('button, a[href], input[type="submit"], input[type="image"], input[type="button"], input[type="reset"], [type="submit"]')) return false;
  ['mousedown', 'mouseup', 'click'].forEach(function (type) {
    el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
  });
  return true;
}

function until(test, ms) {
  return new Promise(function (resolve) {
    var hit = test();
    if (hit) return resolve(hit);
    var timer = null;
    var mo = new MutationObserver(function () {
      var h = test();
      if (h) {
        mo.disconnect();
        clearTimeout(timer);
        resolve(h);
      }
    });
    mo.observe(D.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    timer = setTimeout(function () {
      mo.disconnect();
      resolve(test());
    }, ms);
  });
}

function setValue(el, value) {
  var proto = el.tagName === 'TEXTAREA' ? W.HTMLTextAreaElement.prototype : W.HTMLInputElement.prototype;
  var desc = Object.getOwnPropertyDescriptor(proto, 'value');
  if (desc && desc.set) desc.set.call(el, value);
  else el.value = value;
}

function typeInto(el, value) {
  if (el.disabled || el.readOnly) return { status: 'not_editable' };
  el.focus();
  setValue(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  el.blur();
  return { status: el.value === value ? 'filled' : 'not_set' };
}

function optionText(o) {
  return (o.textContent || o.label || o.value || '').trim();
}

function pickNative(sel, value) {
  if (sel.disabled) return { status: 'not_editable' };
  var want = norm(value);
  var opts = Array.prototype.slice.call(sel.options);
  var hit = opts.filter(function (o) { return !o.disabled && (norm(optionText(o)) === want || o.value === value); })[0];
  if (!hit) return { status: 'no_option', seen: opts.map(optionText).filter(Boolean) };
  sel.value = hit.value;
  sel.dispatchEvent(new Event('input', { bubbles: true }));
  sel.dispatchEvent(new Event('change', { bubbles: true }));
  return { status: sel.value === hit.value ? 'filled' : 'not_set' };
}

function radioText(r) {
  var l = (r.labels && r.labels[0]) || r.closest('label, [role="radio"]');
  return l ? l.textContent.trim() : r.getAttribute('aria-label') || r.value || '';
}

function pickRadio(group, value) {
  var want = norm(value);
  var radios = Array.prototype.slice.call(group.querySelectorAll('input[type="radio"], [role="radio"]'));
  radios = radios.filter(function (r) { return !(r.matches('[role="radio"]') && r.querySelector('input[type="radio"]')); });
  var texts = radios.map(radioText);
  for (var i = 0; i < radios.length; i++) {
    if (norm(texts[i]) !== want) continue;
    var r = radios[i];
    if (r.disabled || r.getAttribute('aria-disabled') === 'true') return Promise.resolve({ status: 'not_editable' });
    var checked = function () { return r.tagName === 'INPUT' ? r.checked : r.getAttribute('aria-checked') === 'true'; };
    if (checked()) return Promise.resolve({ status: 'filled' });
    press(r);
    // Frameworks (Vue, Element) set `checked` again on their next render: wait for it.
    return until(checked, 1500).then(function (ok) {
      if (ok || r.tagName !== 'INPUT') return { status: ok ? 'filled' : 'not_set' };
      // A page that ignores a pressed click: set it and say so, as a person's click would.
      r.checked = true;
      r.dispatchEvent(new Event('change', { bubbles: true }));
      return until(checked, 1500).then(function (again) { return { status: again ? 'filled' : 'not_set' }; });
    });
  }
  return Promise.resolve({ status: 'no_option', seen: texts.filter(Boolean) });
}

function openLists() {
  var all = D.querySelectorAll('.el-select-dropdown, .el-select__popper, [role="listbox"]');
  var out = [];
  for (var i = 0; i < all.length; i++) if (visible(all[i])) out.push(all[i]);
  return out;
}

function listItems(list) {
  var items = list.querySelectorAll('.el-select-dropdown__item, [role="option"]');
  if (items.length === 0) items = list.querySelectorAll('li');
  return Array.prototype.slice.call(items);
}

function pickElement(c, value) {
  var input = c.input;
  var shown = function () { return norm(input ? input.value : c.el.textContent); };
  var want = norm(value);
  if (shown() === want) return Promise.resolve({ status: 'filled' });
  if (c.el.matches('.is-disabled, [aria-disabled="true"]') || (input && input.disabled)) return Promise.resolve({ status: 'not_editable' });
  var before = openLists();
  var anchor = input || c.el;
  press(anchor);
  // The list that opened for this field: a new one, and of those the one that sits against the
  // field (a list is appended to <body>, so where it is on the screen is what ties it to its field).
  var distance = function (l) {
    var a = anchor.getBoundingClientRect();
    var r = l.getBoundingClientRect();
    return Math.abs(r.left - a.left) + Math.min(Math.abs(r.top - a.bottom), Math.abs(r.bottom - a.top));
  };
  var nearest = function (pool) {
    return pool.slice().sort(function (x, y) { return distance(x) - distance(y); })[0] || null;
  };
  return until(function () {
    var fresh = openLists().filter(function (l) { return before.indexOf(l) < 0 && distance(l) < 80; });
    return nearest(fresh);
  }, 2000).then(function (list) {
    list = list || nearest(openLists().filter(function (l) { return distance(l) < 80; }));
    if (!list) return { status: 'no_list' };
    var items = listItems(list);
    var hit = items.filter(function (it) { return norm(it.textContent) === want && !it.matches('.is-disabled, [aria-disabled="true"]'); })[0];
    if (!hit) {
      var seen = items.map(function (it) { return it.textContent.trim(); }).filter(Boolean);
      press(anchor); // close the list again
      return until(function () { return !visible(list); }, 800).then(function () {
        return { status: 'no_option', seen: seen };
      });
    }
    hit.dispatchEvent(new MouseEvent('mouseenter', { bubbles: true }));
    press(hit);
    return until(function () { return shown() === want; }, 2000).then(function (ok) {
      // The list closes by itself (pressing the select again now would open it again).
      return until(function () { return !visible(list); }, 800).then(function () {
        return { status: ok ? 'filled' : 'not_set' };
      });
    });
  });
}

function shownValue(c) {
  if (c.kind === 'select') return optionText(c.el.options[c.el.selectedIndex] || {});
  if (c.kind === 'eselect') return c.input ? c.input.value : c.el.textContent.trim();
  if (c.kind === 'radio') {
    var on = c.el.querySelector('input[type="radio"]:checked');
    return on ? radioText(on) : '';
  }
  return c.el.value;
}

function setOne(f, c) {
  if (!c) return Promise.resolve({ status: 'not_found' });
  if (f.action === 'check') {
    var shown = String(shownValue(c) || '').trim();
    return Promise.resolve({ status: norm(shown) === norm(f.value) ? 'checked' : 'differs', shown: shown });
  }
  if (c.kind === 'eselect') return pickElement(c, f.value);
  if (c.kind === 'select') return Promise.resolve(pickNative(c.el, f.value));
  if (c.kind === 'radio') return pickRadio(c.el, f.value);
  return Promise.resolve(typeInto(c.el, f.value));
}

function banner(text, filled) {
  var old = D.getElementById('aa-fill-banner');
  if (old) old.remove();
  var b = D.createElement('div');
  b.id = 'aa-fill-banner';
  b.setAttribute('role', 'status');
  b.setAttribute('data-filled', filled);
  // At the top, and never in the way: clicks go through it to the page (the form's own buttons
  // may be under it); it goes by itself after a while.
  b.style.cssText = 'position:fixed;left:0;right:0;top:0;z-index:2147483647;pointer-events:none;background:#fff7d6;color:#0b0c0c;border-bottom:4px solid #0b0c0c;padding:8px 16px;font:17px/1.5 sans-serif;opacity:0.96;';
  b.textContent = text;
  D.body.appendChild(b);
  setTimeout(function () { b.remove(); }, 30000);
}

function focusNever(d, root) {
  if (d.never.length === 0) return false;
  var c = find({ labels: d.never, password: false }, root, []);
  if (c && c.el.focus && isTextInput(c.el)) {
    c.el.scrollIntoView({ block: 'center' });
    c.el.focus();
    return true;
  }
  return false;
}

function isNever(el, d) {
  var wanted = d.never.map(norm);
  return [el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.getAttribute('name')].some(function (n) {
    return n && wanted.indexOf(norm(n)) >= 0;
  });
}

// A login name with no label the data knows: the visible text box just before the password box.
function loginBeforePassword(pw, taken, d) {
  var box = pw.closest('form') || pw.parentElement;
  while (box && box !== D.body && box.querySelectorAll('input').length < 2) box = box.parentElement;
  if (!box) return null;
  var inputs = Array.prototype.slice.call(box.querySelectorAll('input'));
  for (var i = inputs.indexOf(pw) - 1; i >= 0; i--) {
    var el = inputs[i];
    if (!isTextInput(el) || el.type === 'password' || !visible(el) || isNever(el, d)) continue;
    var c = { kind: 'text', el: el };
    if (!taken.some(function (t) { return sameControl(t, c); })) return c;
  }
  return null;
}

function fill(d) {
  var state = { nonce: d.nonce, done: false, fields: [] };
  // What the fill sets off must not submit the form: a submit the applicant did not press (a
  // page's own submit on change) is cancelled until 3 s after the fill (issue 19).
  var noAutoSubmit = function (e) { if (!e.isTrusted) { e.preventDefault(); e.stopImmediatePropagation(); } };
  D.addEventListener('submit', noAutoSubmit, true);
  Object.defineProperty(W, '__aaFill', { value: state, configurable: true, enumerable: false, writable: true });
  var where = locate(d);
  var i = 0;
  var step = function () {
    if (i >= d.fields.length) return Promise.resolve();
    var f = d.fields[i];
    var c = where.controls[i];
    i++;
    if (f.action === 'never') return step();
    // One field that throws (an odd widget) costs that field only, never the rest of the form.
    return Promise.resolve()
      .then(function () { return setOne(f, c); })
      .catch(function () { return { status: 'not_set' }; })
      .then(function (r) {
        r.id = f.id;
        f.value = null; // keep nothing of the draft once it is typed
        state.fields.push(r);
        return step();
      });
  };
  return step().then(function () {
    var filled = state.fields.filter(function (r) { return r.status === 'filled'; }).length;
    var total = state.fields.filter(function (r) { return r.status !== 'checked'; }).length;
    banner(d.banner.replace('{filled}', filled).replace('{total}', total), filled === total ? 'all' : 'partial');
    D.documentElement.setAttribute('data-aa-filled', filled === total ? 'all' : 'partial');
    state.focused_never = focusNever(d, where.root);
    state.done = true;
    setTimeout(function () { D.removeEventListener('submit', noAutoSubmit, true); }, 3000);
  });
}

function login(d) {
  var where = locate(d);
  var out = {};
  d.fields.forEach(function (f, i) {
    var c = where.controls[i];
    if (f.action === 'never') return;
    if (!c) out[f.id] = 'not_found';
    else out[f.id] = typeInto(c.el, f.value).status;
    f.value = null;
  });
  // The human check stays the applicant's: the cursor goes there when there is one.
  focusNever(d, where.root);
  return out;
}

if (op === 'watch') {
  var key = '__aaWatch';
  var w = W[key];
  if (!w || w.form !== d.form) {
    if (w && w.stop) w.stop();
    w = { form: d.form, status: null, at: 0 };
    var timer = null;
    var compute = function () {
      w.status = probe(d);
      w.at = Date.now();
    };
    w.compute = compute;
    var later = function () {
      if (timer) return;
      timer = setTimeout(function () { timer = null; compute(); }, 120);
    };
    var mo = new MutationObserver(later);
    mo.observe(D.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'open', 'aria-hidden'] });
    W.addEventListener('hashchange', later);
    W.addEventListener('popstate', later);
    w.stop = function () {
      // A look already scheduled would run on a page the caller is done with.
      clearTimeout(timer);
      timer = null;
      mo.disconnect();
      W.removeEventListener('hashchange', later);
      W.removeEventListener('popstate', later);
    };
    Object.defineProperty(W, key, { value: w, configurable: true, enumerable: false, writable: true });
    compute();
  } else if (Date.now() - w.at > 1000) {
    // A change no mutation reports (a style sheet, a resize): look again now and then.
    w.compute();
  }
  return w.status;
}
if (op === 'fill') {
  fill(d);
  return { started: true };
}
if (op === 'report') {
  var s = W.__aaFill;
  return s && s.nonce === d.nonce && s.done ? { fields: s.fields, focused_never: s.focused_never } : null;
}
if (op === 'login') return login(d);
if (op === 'stop') {
  if (W.__aaWatch && W.__aaWatch.stop) W.__aaWatch.stop();
  try { delete W.__aaWatch; } catch (e) { /* not configurable */ }
  return true;
}
return null;
