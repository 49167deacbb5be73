// The dashboard page: reads /dashboard/api/… and draws it. Every figure and every Vietnamese date or
// percentage comes from the service already worded; this script only lays them out (text nodes,
// never HTML from data) and draws the charts (chart.js, global `Chart`).
(function () {
  'use strict';

  var main = document.getElementById('noi-dung');
  var status = document.getElementById('trang-thai');
  var yearSelect = document.getElementById('nam');
  var periodSelect = document.getElementById('ky');
  var provinceLine = document.getElementById('tinh');
  var charts = [];
  var CHART_AGENCIES = 30;
  var selection = { year: null, period: null };
  var RATE_COLOURS = { good: '#136c2e', part: '#b86200', bad: '#b3261e', none: '#8a94a3' };
  var ASSESSMENT_COLOURS = {
    done_on_time: '#1f8a3b',
    done_late: '#7a9a2a',
    open_in_time: '#2f6db5',
    open_overdue: '#c0392b',
    waiting: '#7b55b0',
    withdrawn: '#9aa3ad'
  };

  /** An element with attributes and children (strings become text nodes). */
  function h(tag, attributes) {
    var element = document.createElement(tag);
    var attrs = attributes || {};
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') element.textContent = value;
      else if (name === 'onClick') element.addEventListener('click', value);
      else element.setAttribute(name, value === true ? '' : String(value));
    });
    for (var i = 2; i < arguments.length; i++) append(element, arguments[i]);
    return element;
  }

  function append(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(parent, c); });
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }

  function query(extra) {
    var params = new URLSearchParams();
    if (selection.year) params.set('year', selection.year);
    if (selection.period) params.set('period', selection.period);
    return params.toString() + (extra || '');
  }

  function api(path) {
    return fetch('/dashboard/api/' + path + '?' + query(), { headers: { accept: 'application/json' } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body && body.error ? body.error.vi : 'Lỗi ' + response.status);
        return body;
      });
    });
  }

  function rateClass(figures) {
    if (!figures || figures.rate === null) return 'none';
    if (figures.rate >= 100) return 'good';
    return figures.rate > 80 ? 'part' : 'bad';
  }

  function rateCell(figures) {
    if (!figures) return h('td', { class: 'num' }, 'Chưa có kế hoạch');
    return h('td', { class: 'num' }, h('span', { class: 'rate-' + rateClass(figures) }, figures.rateText));
  }

  function badge(assessment, label) {
    return h('span', { class: 'badge a-' + assessment }, label);
  }

  function table(caption, headers, rows, numeric) {
    // Each cell carries its column's name: on a phone a row is shown as a card of "name: value" lines.
    rows.forEach(function (row) {
      if (row.classList.contains('section-row')) return;
      Array.prototype.forEach.call(row.children, function (cell, i) { cell.setAttribute('data-label', headers[i]); });
    });
    return h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
      h(
        'table',
        null,
        h('caption', { text: caption }),
        h('thead', null, h('tr', null, headers.map(function (header, i) {
          return h('th', { scope: 'col', class: numeric && numeric.indexOf(i) !== -1 ? 'num' : null }, header);
        }))),
        h('tbody', null, rows)
      )
    );
  }

  function link(href, text, label) {
    return h('a', { href: href, 'aria-label': label || null }, text);
  }

  function destroyCharts() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
  }

  function chart(canvas, config) {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#1b1f24';
    charts.push(new Chart(canvas, config));
  }

  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: function (value) { return value + '%'; } } };
  }

  // ---- Views ---------------------------------------------------------------------------------

  function showOverview(data) {
    var totals = data.totals;
    provinceLine.textContent = data.province.name + ' — ' + data.period.label;
    var cutoff = data.period.syncCutoffText;
    var view = [
      h('h2', { class: 'visually-first' }, 'Toàn tỉnh, ' + data.period.label.toLowerCase()),
      h('p', { class: 'note' },
        'Số liệu từ ngày ' + data.period.fromText + ' đến ngày ' + data.period.toText +
        (data.period.ongoing ? ' (chưa đến ngày chốt: tình trạng tính đến ngày ' + data.period.validAtText + ')' : '') +
        '; theo sổ lúc ' + data.knownAtText + '.'),
      h('div', { class: 'kpis' },
        kpi('Tỷ lệ hoàn thành toàn tỉnh', totals.rateText, totals.done + '/' + totals.inForce + ' mục theo dõi', 'rate-' + rateClass(totals)),
        kpi('Quá hạn, chưa hoàn thành', String(totals.overdue), 'mục theo dõi', totals.overdue > 0 ? 'rate-bad' : null),
        kpi('Cơ quan chưa đồng bộ', String(totals.notSynced),
          cutoff ? 'kể từ ngày chốt ' + cutoff : 'chưa đến ngày chốt đầu tiên', totals.notSynced > 0 ? 'rate-bad' : null),
        kpi('Cơ quan có kế hoạch', totals.agenciesWithPlans + '/' + totals.agencies,
          totals.plans + ' kế hoạch' + (totals.brokenChains ? '; ' + totals.brokenChains + ' sổ lỗi chuỗi' : ''), null)
      )
    ];

    // A province has hundreds of agencies: the chart shows those furthest behind, the table every one.
    var rated = data.agencies.filter(function (a) { return a.figures && a.figures.rate !== null; });
    var ranked = rated.slice().sort(function (a, b) { return a.figures.rate - b.figures.rate || a.name.localeCompare(b.name, 'vi'); })
      .slice(0, CHART_AGENCIES);
    var agencyCanvas = h('canvas', { role: 'img', 'aria-label': 'Biểu đồ tỷ lệ hoàn thành của ' + ranked.length + ' cơ quan, thấp nhất trước; số liệu ở bảng "Theo cơ quan" bên dưới.' });
    var areaCanvas = h('canvas', { role: 'img', 'aria-label': 'Biểu đồ tỷ lệ hoàn thành theo lĩnh vực cải cách; số liệu ở bảng "Theo lĩnh vực".' });
    var statusCanvas = h('canvas', { role: 'img', 'aria-label': 'Biểu đồ tình trạng các mục theo dõi: ' + data.statuses.map(function (s) { return s.label + ' ' + s.count; }).join('; ') + '.' });
    var agencyHeight = Math.max(160, ranked.length * 26 + 50);
    view.push(h('div', { class: 'charts' },
      h('section', { class: 'panel wide', 'aria-labelledby': 'bd-co-quan' },
        h('h3', { id: 'bd-co-quan' }, rated.length > ranked.length
          ? 'Tỷ lệ hoàn thành: ' + ranked.length + ' cơ quan thấp nhất (trong ' + rated.length + ')'
          : 'Tỷ lệ hoàn thành theo cơ quan (thấp nhất trước)'),
        h('div', { class: 'chart-scroll' }, h('div', { class: 'chart-box', style: null, 'data-height': agencyHeight }, agencyCanvas)),
        h('p', { class: 'note' }, 'Bấm vào một cột để xem kế hoạch của cơ quan đó.')),
      h('div', { class: 'chart-stack' },
        h('section', { class: 'panel', 'aria-labelledby': 'bd-linh-vuc' },
          h('h3', { id: 'bd-linh-vuc' }, 'Tỷ lệ hoàn thành theo lĩnh vực'),
          h('div', { class: 'chart-box' }, areaCanvas)),
        h('section', { class: 'panel', 'aria-labelledby': 'bd-tinh-trang' },
          h('h3', { id: 'bd-tinh-trang' }, 'Tình trạng các mục theo dõi'),
          h('div', { class: 'chart-box doughnut' }, statusCanvas)))
    ));

    view.push(h('section', { class: 'panel', 'aria-labelledby': 'theo-co-quan' },
      h('h2', { id: 'theo-co-quan' }, 'Theo cơ quan'),
      table('Tỷ lệ hoàn thành kế hoạch của từng cơ quan',
        ['Cơ quan', 'Cấp', 'Tỷ lệ hoàn thành', 'Hoàn thành / trong kế hoạch', 'Quá hạn', 'Mức điểm PAR', 'Đồng bộ lần cuối'],
        data.agencies.map(function (a) {
          return h('tr', null,
            h('th', { scope: 'row' }, a.plans ? link('#/co-quan/' + encodeURIComponent(a.id), a.name, 'Xem kế hoạch của ' + a.name) : a.name,
              a.chainOk ? null : h('span', { class: 'warn' }, ' (sổ lỗi chuỗi)')),
            h('td', null, a.level),
            rateCell(a.figures),
            h('td', { class: 'num' }, a.figures ? a.figures.done + '/' + a.figures.inForce : '—'),
            h('td', { class: 'num' }, a.figures ? String(a.figures.overdue) : '—'),
            h('td', null, a.figures && a.figures.par ? a.figures.par : '—'),
            h('td', { class: a.syncedSinceCutoff === false ? 'warn' : null }, a.lastStoredText || 'Chưa đồng bộ'));
        }), [2, 3, 4])));

    view.push(h('section', { class: 'panel', 'aria-labelledby': 'theo-linh-vuc' },
      h('h2', { id: 'theo-linh-vuc' }, 'Theo lĩnh vực'),
      table('Tỷ lệ hoàn thành theo lĩnh vực cải cách, mọi kế hoạch của tỉnh',
        ['Lĩnh vực', 'Tỷ lệ hoàn thành', 'Hoàn thành / trong kế hoạch', 'Quá hạn'],
        data.areas.map(function (a) {
          return h('tr', null, h('th', { scope: 'row' }, a.label), rateCell(a),
            h('td', { class: 'num' }, a.done + '/' + a.inForce), h('td', { class: 'num' }, String(a.overdue)));
        }), [1, 2, 3])));

    view.push(h('section', { class: 'panel', 'aria-labelledby': 'qua-han' },
      h('h2', { id: 'qua-han' }, 'Quá hạn, chưa hoàn thành (' + data.overdue.count + ')'),
      data.overdue.count > data.overdue.items.length
        ? h('p', { class: 'note' }, 'Hiển thị ' + data.overdue.items.length + ' mục quá hạn lâu nhất.') : null,
      data.overdue.count === 0 ? h('p', null, 'Không có mục nào quá hạn.') :
        table('Các mục theo dõi quá hạn, lâu nhất trước',
          ['Cơ quan', 'Số TT', 'Nội dung', 'Hạn hoàn thành', 'Số ngày quá hạn'],
          data.overdue.items.map(function (i) {
            return h('tr', null,
              h('td', null, link('#/co-quan/' + encodeURIComponent(i.agencyId), i.agencyName)),
              h('td', { class: 'nowrap' }, link(itemHref(i.planId, i.id), i.numbering, 'Lịch sử mục ' + i.numbering + ' của ' + i.agencyName)),
              h('td', null, i.text),
              h('td', { class: 'nowrap' }, i.dueText),
              h('td', { class: 'num' }, String(i.daysOverdue)));
          }), [4])));

    view.push(h('section', { class: 'panel', 'aria-labelledby': 'chua-dong-bo' },
      h('h2', { id: 'chua-dong-bo' }, cutoff ? 'Cơ quan chưa đồng bộ kể từ ngày chốt ' + cutoff + ' (' + data.notSynced.length + ')' : 'Cơ quan chưa đồng bộ'),
      !cutoff ? h('p', null, 'Chưa đến ngày chốt số liệu đầu tiên của năm.') :
        data.notSynced.length === 0 ? h('p', null, 'Mọi cơ quan đã đồng bộ sau ngày chốt.') :
          table('Cơ quan chưa gửi dữ liệu lên hệ thống sau ngày chốt ' + cutoff,
            ['Cơ quan', 'Cấp', 'Đồng bộ lần cuối'],
            data.notSynced.map(function (a) {
              return h('tr', null, h('th', { scope: 'row' }, a.name), h('td', null, a.level),
                h('td', null, a.lastStoredText || (a.plans ? 'Chưa đồng bộ lần nào' : 'Chưa có kế hoạch trên hệ thống')));
            }))));

    render(view);
    performance.mark('dashboard-figures');
    // The figures and tables are on screen first; the charts are drawn once they have been painted.
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(function () {
          drawOverviewCharts(data, ranked, agencyCanvas, areaCanvas, statusCanvas);
          resolve();
        }, 0);
      });
    });
  }

  function drawOverviewCharts(data, ranked, agencyCanvas, areaCanvas, statusCanvas) {
    if (!agencyCanvas.isConnected) return; // another view was opened meanwhile
    var box = agencyCanvas.parentNode;
    box.style.height = box.getAttribute('data-height') + 'px';
    chart(agencyCanvas, {
      type: 'bar',
      data: {
        labels: ranked.map(function (a) { return a.name; }),
        datasets: [{
          label: 'Tỷ lệ hoàn thành',
          data: ranked.map(function (a) { return a.figures.rate; }),
          backgroundColor: ranked.map(function (a) { return RATE_COLOURS[rateClass(a.figures)]; })
        }]
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false, locale: 'vi-VN',
        // Anywhere on an agency's row counts, so a 0% bar can be clicked too.
        interaction: { mode: 'index', axis: 'y', intersect: false },
        scales: { x: percentAxis(), y: { ticks: { autoSkip: false, callback: function (value) { return shortLabel(this.getLabelForValue(value)); } } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return ranked[c.dataIndex].figures.text; } } }
        },
        onClick: function (_event, elements) {
          if (elements.length) location.hash = '#/co-quan/' + encodeURIComponent(ranked[elements[0].index].id);
        }
      }
    });
    chart(areaCanvas, {
      type: 'bar',
      data: {
        labels: data.areas.map(function (a) { return a.label; }),
        datasets: [{ label: 'Tỷ lệ hoàn thành', data: data.areas.map(function (a) { return a.rate; }),
          backgroundColor: data.areas.map(function (a) { return RATE_COLOURS[rateClass(a)]; }) }]
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false, locale: 'vi-VN',
        scales: { x: percentAxis(), y: { ticks: { callback: function (value) { return shortLabel(this.getLabelForValue(value)); } } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return data.areas[c.dataIndex].text; } } } }
      }
    });
    var shown = data.statuses.filter(function (s) { return s.count > 0; });
    chart(statusCanvas, {
      type: 'doughnut',
      data: {
        labels: shown.map(function (s) { return s.label; }),
        datasets: [{ data: shown.map(function (s) { return s.count; }), backgroundColor: shown.map(function (s) { return ASSESSMENT_COLOURS[s.assessment]; }) }]
      },
      options: { maintainAspectRatio: false, animation: false, locale: 'vi-VN', plugins: { legend: { position: window.innerWidth < 640 ? 'bottom' : 'right', labels: { boxWidth: 14 } } } }
    });
  }

  /** A chart label cut to fit beside the bars (the tables below give every name in full). */
  function shortLabel(text) {
    var max = window.innerWidth < 640 ? 18 : 34;
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  }

  function kpi(label, value, detail, valueClass) {
    return h('div', { class: 'kpi' }, h('div', { class: 'label' }, label), h('div', { class: 'value ' + (valueClass || '') }, value), h('div', { class: 'detail' }, detail));
  }

  function itemHref(planId, itemId) {
    return '#/ke-hoach/' + encodeURIComponent(planId) + '/muc/' + encodeURIComponent(itemId);
  }

  function showAgency(data) {
    var a = data.agency;
    var view = [
      h('a', { class: 'back', href: '#/' }, '← Toàn tỉnh'),
      h('h2', null, a.name),
      h('p', { class: 'note' }, a.level + '. ' + data.period.label + ': tình trạng tại ngày ' + data.period.validAtText +
        '. Đồng bộ lần cuối: ' + (a.lastStoredText || 'chưa đồng bộ') +
        (a.lastRecordedText ? '; ghi nhận gần nhất lúc ' + a.lastRecordedText : '') + '.')
    ];
    if (data.plans.length === 0) view.push(h('p', null, 'Cơ quan chưa có kế hoạch năm ' + data.year + ' trên hệ thống.'));
    data.plans.forEach(function (plan) {
      var rows = [];
      var section = null;
      plan.items.forEach(function (item) {
        if (item.section !== section) {
          section = item.section;
          rows.push(h('tr', { class: 'section-row' }, h('th', { colspan: '6', scope: 'colgroup' }, section)));
        }
        rows.push(h('tr', null,
          h('td', { class: 'nowrap' }, link(itemHref(plan.id, item.id), item.numbering, 'Lịch sử mục ' + item.numbering)),
          h('td', null, item.text),
          h('td', null, item.lead),
          h('td', { class: 'nowrap' }, item.dueText),
          h('td', null, item.statusLabel, item.completedText ? ' (' + item.completedText + ')' : ''),
          h('td', null, badge(item.assessment, item.assessmentLabel),
            item.assessment === 'open_overdue' ? ' ' + item.daysOverdue + ' ngày' : '')));
      });
      view.push(h('section', { class: 'panel', 'aria-label': plan.title },
        h('h3', null, plan.title),
        plan.citation ? h('p', { class: 'note' }, plan.citation) : null,
        h('p', null, 'Hoàn thành: ', h('span', { class: 'rate-' + rateClass(plan.figures) }, plan.figures.text),
          plan.figures.par ? '; mức điểm PAR: ' + plan.figures.par : '', '; quá hạn: ' + plan.figures.overdue + '.'),
        h('p', { class: plan.chain.ok ? 'note' : 'warn' }, plan.chain.text),
        table('Các mục theo dõi của kế hoạch', ['Số TT', 'Nội dung', 'Cơ quan chủ trì', 'Hạn', 'Trạng thái', 'Đánh giá'], rows)));
    });
    provinceLine.textContent = a.name + ' — ' + data.period.label;
    render(view);
  }

  function showItem(data) {
    var item = data.item;
    var view = [
      h('a', { class: 'back', href: '#/co-quan/' + encodeURIComponent(data.plan.agencyId) }, '← Kế hoạch của cơ quan'),
      h('h2', null, 'Mục ' + item.numbering + ': lịch sử ghi nhận'),
      h('section', { class: 'panel', 'aria-label': 'Thông tin mục theo dõi' },
        h('dl', { class: 'facts' },
          h('dt', null, 'Kế hoạch'), h('dd', null, data.plan.title + (data.plan.citation ? ' (' + data.plan.citation + ')' : '')),
          h('dt', null, 'Nội dung'), h('dd', null, item.text),
          h('dt', null, 'Cơ quan chủ trì'), h('dd', null, item.lead || '—'),
          h('dt', null, 'Hạn hoàn thành'), h('dd', null, item.dueText),
          h('dt', null, 'Tại ngày ' + data.period.validAtText), h('dd', null, item.statusLabel + ' — ', badge(item.assessment, item.assessmentLabel)),
          h('dt', null, 'Sổ'), h('dd', { class: data.plan.chain.ok ? null : 'warn' }, data.plan.chain.text))),
      h('h3', null, 'Các ghi nhận (' + data.events.length + ')'),
      data.events.length === 0 ? h('p', null, 'Chưa có ghi nhận nào.') : h('ol', { class: 'history' }, data.events.map(function (e) {
        return h('li', { class: e.voidedBy ? 'voided' : null },
          h('div', null, h('strong', null, 'Số ' + e.seq + ' — ' + e.typeLabel),
            e.voidedBy ? h('span', { class: 'voided-mark' }, ' — ĐÃ HỦY bởi ghi nhận số ' + e.voidedBy) : null),
          h('div', { class: 'change' }, e.change),
          e.effectiveText ? h('div', null, 'Ngày hiệu lực: ' + e.effectiveText) : null,
          e.evidence ? h('div', null, 'Tài liệu: ' + e.evidence) : null,
          e.note ? h('div', null, 'Ghi chú: ' + e.note) : null,
          h('div', { class: 'meta' },
            'Ghi lúc ' + e.atText + ' bởi ' + e.actor.name + ' (' + e.actor.unit + ')',
            e.signer ? [', ký bằng khóa ', h('span', { class: 'fingerprint' }, e.signer.fingerprint),
              e.signer.holder ? ' của ' + e.signer.holder.name : ''] : ', không ký'));
      }))
    ];
    provinceLine.textContent = data.plan.title + ' — ' + data.period.label;
    render(view);
  }

  function render(nodes) {
    destroyCharts();
    main.replaceChildren();
    append(main, nodes);
  }

  // ---- Navigation --------------------------------------------------------------------------

  function fillSelect(select, options, value) {
    select.replaceChildren();
    options.forEach(function (option) {
      select.appendChild(h('option', { value: option.value, selected: String(option.value) === String(value) }, option.label));
    });
  }

  function route() {
    var view = location.hash.replace(/^#/, '') || '/';
    var agency = /^\/co-quan\/([^/]+)$/.exec(view);
    var item = /^\/ke-hoach\/([^/]+)\/muc\/([^/]+)$/.exec(view);
    status.classList.remove('error');
    status.textContent = 'Đang tải số liệu…';
    main.setAttribute('aria-busy', 'true');
    var show = agency ? showAgency : item ? showItem : showOverview;
    var path = agency ? 'agencies/' + agency[1] : item ? 'plans/' + item[1] + '/items/' + item[2] : 'overview';
    var request = api(path).then(function (data) {
      // For the first-load benchmark: when the data arrived and when the view was drawn.
      performance.mark('dashboard-data');
      selection.year = String(data.year);
      selection.period = data.period.key;
      fillSelect(yearSelect, (data.years.length ? data.years : [data.year]).map(function (y) { return { value: y, label: String(y) }; }), data.year);
      fillSelect(periodSelect, data.periods.map(function (p) { return { value: p.key, label: p.label }; }), data.period.key);
      return show(data);
    });
    return request.then(function () {
      performance.mark('dashboard-drawn');
      status.textContent = '';
      main.removeAttribute('aria-busy');
      document.documentElement.setAttribute('data-loaded', 'true');
    }, function (error) {
      main.removeAttribute('aria-busy');
      status.classList.add('error');
      status.textContent = 'Không tải được số liệu: ' + error.message;
    });
  }

  function navigated() {
    route().then(function () {
      // Keyboard and screen-reader users land on the new view, read from its top.
      main.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    });
  }

  var params = new URLSearchParams(location.search);
  selection.year = params.get('year');
  selection.period = params.get('period');

  yearSelect.addEventListener('change', function () {
    selection.year = yearSelect.value;
    selection.period = null;
    history.replaceState(null, '', '?' + query() + location.hash);
    route();
  });
  periodSelect.addEventListener('change', function () {
    selection.period = periodSelect.value;
    history.replaceState(null, '', '?' + query() + location.hash);
    route();
  });
  window.addEventListener('hashchange', navigated);
  route();
})();
