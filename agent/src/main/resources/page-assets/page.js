// The cashier page's keys: every element with data-key="F4" (or "Alt+J", "Shift+F9", "Escape") is pressed, or
// focused if it is a box, when its key goes down; data-print="a4" / "receipt" prints in that format. Enter on a
// ticked box submits its form. A form is sent once (a second press while the page loads does nothing).
(function () {
  'use strict';

  function keyName(e) {
    var k = e.key;
    if (!/^F[0-9]{1,2}$/.test(k) && k !== 'Escape' && k !== 'Enter') {
      if (e.code && e.code.indexOf('Key') === 0) k = e.code.substring(3);
      else if (e.code && e.code.indexOf('Digit') === 0) k = e.code.substring(5);
      else if (k && k.length === 1 && /[a-z0-9]/i.test(k)) k = k.toUpperCase();
      else return null;
    }
    return (e.ctrlKey ? 'Ctrl+' : '') + (e.altKey ? 'Alt+' : '') + (e.shiftKey ? 'Shift+' : '') + k;
  }

  var startedReceipt = document.body.classList.contains('receipt');

  // window.print() returns when the print dialog closes: the page then looks as it did before
  function print(format) {
    document.body.classList.toggle('receipt', format === 'receipt');
    try {
      window.print();
    } finally {
      document.body.classList.toggle('receipt', startedReceipt);
    }
  }

  function press(el) {
    if (el.dataset.print) {
      print(el.dataset.print);
    } else if (el.matches('input:not([type=checkbox]):not([type=hidden]), select, textarea')) {
      el.focus();
      if (el.select) el.select();
    } else {
      el.click();
    }
  }

  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-print]');
    if (el) {
      e.preventDefault();
      print(el.dataset.print);
    }
  });

  document.addEventListener('keydown', function (e) {
    var name = keyName(e);
    if (!name) return;
    if (name === 'Enter') {
      var t = e.target;
      if (t && t.matches && t.matches('input[type=checkbox]') && t.form) {
        e.preventDefault();
        t.form.requestSubmit();
      }
      return;
    }
    var el = document.querySelector('[data-key="' + name + '"]');
    if (!el) return;
    e.preventDefault();
    press(el);
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.dataset.sent) {
      e.preventDefault();
      return;
    }
    form.dataset.sent = '1';
    document.body.classList.add('busy');
  });

  // back to a page kept by the browser: its forms may be sent again
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    document.querySelectorAll('form[data-sent]').forEach(function (f) { delete f.dataset.sent; });
    document.body.classList.remove('busy');
  });
})();
