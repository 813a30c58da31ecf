// OneStop admin console: the chart on 首页, print buttons, confirmations, and a logged-out htmx call sent to the login
// page. No inline script anywhere (the pages' Content-Security-Policy allows this file, htmx and Chart.js only).
(function () {
  'use strict';

  // A file over the console's upload limit is refused before it is sent: a browser that sends 50 MiB to a server that
  // has already answered 413 can sit waiting for the upload to finish. The server refuses it too (non-browser callers).
  document.addEventListener('submit', function (event) {
    var inputs = event.target.querySelectorAll('input[type=file][data-max-bytes]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i], max = Number(input.getAttribute('data-max-bytes'));
      for (var j = 0; j < input.files.length; j++) {
        if (input.files[j].size > max) {
          event.preventDefault();
          input.classList.add('invalid');
          var error = document.getElementById('error-' + input.name);
          if (!error) {
            error = document.createElement('span');
            error.className = 'field-error';
            error.id = 'error-' + input.name;
            input.parentNode.appendChild(error);
          }
          error.textContent = '上传的文件过大 (最大 ' + Math.floor(max / 1048576) + ' MiB), 未上传任何内容。请分成几个较小的文件后再上传。';
          return;
        }
      }
    }
  }, true);

  // fen (a whole number) as yuan with two decimals, by integer arithmetic: the same text as the pages' tables
  function yuan(fen) {
    var abs = Math.abs(fen);
    return (fen < 0 ? '-' : '') + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
  }

  function drawChart() {
    var canvas = document.getElementById('chart');
    if (!canvas || typeof Chart === 'undefined') return;
    var d = JSON.parse(canvas.getAttribute('data-chart'));
    var toYuan = function (a) { return a.map(function (f) { return f / 100; }); };
    var chart = new Chart(canvas, {
      data: {
        labels: d.dates.map(function (s) { return s.substring(5); }),
        datasets: [
          { type: 'bar', label: '基本医保统筹支付', data: toYuan(d.basic), fen: d.basic, backgroundColor: '#4e79a7', stack: 'funds', yAxisID: 'y' },
          { type: 'bar', label: '大病保险支付', data: toYuan(d.critical_illness), fen: d.critical_illness, backgroundColor: '#f28e2b', stack: 'funds', yAxisID: 'y' },
          { type: 'bar', label: '补充医疗保险支付', data: toYuan(d.supplementary), fen: d.supplementary, backgroundColor: '#59a14f', stack: 'funds', yAxisID: 'y' },
          { type: 'bar', label: '医疗救助支付', data: toYuan(d.assistance), fen: d.assistance, backgroundColor: '#e15759', stack: 'funds', yAxisID: 'y' },
          { type: 'line', label: '结算笔数', data: d.counts, borderColor: '#17324f', backgroundColor: '#17324f', yAxisID: 'count', tension: 0.2 }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true },
          y: { stacked: true, position: 'left', title: { display: true, text: '基金支付 (元)' } },
          count: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: '结算笔数' }, ticks: { precision: 0 } }
        },
        plugins: {
          tooltip: { callbacks: { label: function (c) { return c.dataset.yAxisID === 'count' ? c.dataset.label + ': ' + c.raw : c.dataset.label + ': ' + yuan(c.dataset.fen[c.dataIndex]) + ' 元'; } } }
        }
      }
    });
    canvas.setAttribute('data-drawn', String(chart.data.datasets.length));
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawChart();
    document.querySelectorAll('[data-print]').forEach(function (b) {
      b.addEventListener('click', function () { window.print(); });
    });
    document.querySelectorAll('form[data-confirm]').forEach(function (f) {
      f.addEventListener('submit', function (e) {
        if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
    // a form is sent once: a second press while the first is on its way does nothing (the request id makes it harmless anyway)
    document.querySelectorAll('form[method="post"]').forEach(function (f) {
      f.addEventListener('submit', function (e) {
        if (e.defaultPrevented) return;
        if (f.getAttribute('data-sent') === 'yes') { e.preventDefault(); return; }
        f.setAttribute('data-sent', 'yes');
        setTimeout(function () { f.removeAttribute('data-sent'); }, 5000);
      });
    });
    var focus = document.querySelector('.invalid');
    if (focus) focus.focus();
  });

  document.addEventListener('htmx:responseError', function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 401) window.location.href = '/login?expired=1';
  });
  document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) e.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
  });
})();
