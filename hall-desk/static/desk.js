// The staff page's only script: copy buttons (one per form field) and the print button.
// Served from the desk itself; the Content Security Policy allows no other script.
'use strict';

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers, or no clipboard permission: copy through a selected text area.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (button) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector('.copy-status');
    const ok = source ? await copyText(source.textContent) : false;
    if (!ok && source) {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (status) {
      status.textContent = ok ? button.dataset.ok : button.dataset.fail;
      status.dataset.state = ok ? 'copied' : 'failed';
    }
    return;
  }
  if (event.target.closest('button[data-print]')) {
    window.print();
  }
});

// An error summary takes the focus, so a screen reader reads it first.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});
