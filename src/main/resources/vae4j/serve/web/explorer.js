// vae4j latent explorer: the page. Plain JavaScript, no libraries; everything it shows comes from /api/.
'use strict';
(function () {
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  const canvas = document.getElementById('scatter');
  const ctx = canvas.getContext('2d');
  const $ = (id) => document.getElementById(id);
  const state = {
    model: null, pts: null, view: null, hidden: new Set(), manifold: null, manifoldKey: '',
    pickA: -1, pickB: -1, grid: null, drawn: 0, hoverIndex: -1, hoverTimer: 0, decodes: 0
  };

  function colour(label) {
    if (label === null || label === undefined) return '#3060a0';
    return label < PALETTE.length ? PALETTE[label] : 'hsl(' + ((label * 47) % 360) + ',60%,45%)';
  }

  function className(label) {
    const c = state.model.classes;
    if (label === null || label === undefined) return '';
    return c && label < c.length ? c[label] : 'class ' + label;
  }

  async function getJson(url) {
    const r = await fetch(url);
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }

  // --- plane geometry --------------------------------------------------------------------------------------------
  function fullView() {
    const xs = state.pts.x, ys = state.pts.y;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] < x0) x0 = xs[i]; if (xs[i] > x1) x1 = xs[i];
      if (ys[i] < y0) y0 = ys[i]; if (ys[i] > y1) y1 = ys[i];
    }
    if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
    if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
    const mx = (x1 - x0) * 0.05, my = (y1 - y0) * 0.05;
    return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
  }
  function toScreen(x, y) {
    const v = state.view;
    return [(x - v.x0) / (v.x1 - v.x0) * canvas.width, (v.y1 - y) / (v.y1 - v.y0) * canvas.height];
  }
  function toPlane(px, py) {
    const v = state.view;
    return [v.x0 + px / canvas.width * (v.x1 - v.x0), v.y1 - py / canvas.height * (v.y1 - v.y0)];
  }
  function toLatent(x, y) {
    const p = state.model.plane;
    return p.origin.map((o, j) => o + x * p.axisX[j] + y * p.axisY[j]);
  }

  // --- drawing -----------------------------------------------------------------------------------------------------
  const CELL = 8;
  function draw() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (state.manifold && $('manifold-toggle').checked) {
      ctx.globalAlpha = 0.55;
      ctx.drawImage(state.manifold, 0, 0, canvas.width, canvas.height);
      ctx.globalAlpha = 1;
    }
    const pts = state.pts, n = pts.count;
    const cols = Math.ceil(canvas.width / CELL), rows = Math.ceil(canvas.height / CELL);
    const grid = new Array(cols * rows);
    const byColour = new Map();
    let drawn = 0;
    for (let i = 0; i < n; i++) {
      const label = pts.label[i];
      if (state.hidden.has(label)) continue;
      const [sx, sy] = toScreen(pts.x[i], pts.y[i]);
      if (sx < 0 || sy < 0 || sx >= canvas.width || sy >= canvas.height) continue;
      const c = colour(label);
      let list = byColour.get(c);
      if (!list) { list = []; byColour.set(c, list); }
      list.push(sx, sy);
      const g = Math.floor(sy / CELL) * cols + Math.floor(sx / CELL);
      (grid[g] || (grid[g] = [])).push(i);
      drawn++;
    }
    const size = n > 5000 ? 2 : 3;
    for (const [c, list] of byColour) {
      ctx.fillStyle = c;
      ctx.beginPath();
      for (let k = 0; k < list.length; k += 2) ctx.rect(list[k] - size / 2, list[k + 1] - size / 2, size, size);
      ctx.fill();
    }
    for (const [i, c] of [[state.pickA, '#000'], [state.pickB, '#d00']]) {
      if (i < 0) continue;
      const [sx, sy] = toScreen(pts.x[i], pts.y[i]);
      ctx.strokeStyle = c; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(sx, sy, 7, 0, 2 * Math.PI); ctx.stroke();
    }
    state.grid = { cells: grid, cols: cols, rows: rows };
    state.drawn = drawn;
    canvas.dataset.points = String(drawn);
    if ($('manifold-toggle').checked) loadManifold();
  }

  function nearest(px, py, radius) {
    const g = state.grid;
    if (!g) return -1;
    const cx = Math.floor(px / CELL), cy = Math.floor(py / CELL), r = Math.ceil(radius / CELL);
    let best = -1, bestD = radius * radius;
    for (let y = cy - r; y <= cy + r; y++) {
      if (y < 0 || y >= g.rows) continue;
      for (let x = cx - r; x <= cx + r; x++) {
        if (x < 0 || x >= g.cols) continue;
        const cell = g.cells[y * g.cols + x];
        if (!cell) continue;
        for (const i of cell) {
          const [sx, sy] = toScreen(state.pts.x[i], state.pts.y[i]);
          const d = (sx - px) * (sx - px) + (sy - py) * (sy - py);
          if (d <= bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  }

  // '&label=K' with the class selector's value for a conditional model (every decode needs it), '' otherwise
  function labelParam() {
    return state.model.conditional ? '&label=' + $('class-select').value : '';
  }

  function loadManifold() {
    if (state.model.input.kind !== 'image') return;
    const v = state.view;
    const key = [v.x0, v.x1, v.y0, v.y1].join(',') + labelParam();
    if (key === state.manifoldKey) return;
    state.manifoldKey = key;
    const img = new Image();
    img.onload = () => { if (state.manifoldKey === key) { state.manifold = img; draw(); } };
    img.src = '/api/manifold?n=20&x0=' + v.x0 + '&x1=' + v.x1 + '&y0=' + v.y0 + '&y1=' + v.y1 + labelParam();
  }

  function rowTable(body) {
    const t = document.createElement('table');
    t.className = 'row';
    const head = t.insertRow();
    body.columns.forEach((c) => { const th = document.createElement('th'); th.textContent = c; head.appendChild(th); });
    body.rows.forEach((r) => { const tr = t.insertRow(); r.forEach((v) => { tr.insertCell().textContent = v; }); });
    return t;
  }

  // --- pointer -----------------------------------------------------------------------------------------------------
  function pointer(ev) {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) * canvas.width / r.width, (ev.clientY - r.top) * canvas.height / r.height];
  }

  function showHover(i, px, py) {
    const box = $('hover');
    if (i < 0) { box.hidden = true; state.hoverIndex = -1; return; }
    box.style.left = Math.min(px + 14, canvas.width - 200) + 'px';
    box.style.top = Math.min(py + 14, canvas.height - 180) + 'px';
    if (i === state.hoverIndex) return;
    state.hoverIndex = i;
    const label = state.pts.label[i];
    const s = state.model.score;
    $('hover-text').textContent = '#' + i + (label !== null ? ' ' + className(label) : '') + ', ' + s.name + ' '
      + state.pts.score[i].toFixed(2) + ' ' + s.unit;
    box.hidden = false;
    if (state.model.input.kind === 'image') {
      $('hover-img').src = '/api/example/' + i;
      $('hover-img').hidden = false;
    } else {
      $('hover-img').hidden = true;
      clearTimeout(state.hoverTimer);
      state.hoverTimer = setTimeout(async () => {
        const body = await getJson('/api/example/' + i);
        if (state.hoverIndex === i) { $('hover-row').replaceChildren(rowTable(body)); }
      }, 60);
    }
  }

  async function decodeAt(x, y) {
    const z = toLatent(x, y);
    state.lastDecode = [x, y];
    const url = '/api/decode?z=' + z.map((v) => v.toFixed(5)).join(',') + labelParam();
    state.decodes++;
    $('decoded-z').textContent = 'plane (' + x.toFixed(3) + ', ' + y.toFixed(3) + ')'
      + (state.model.plane.kind === 'latent' ? '' : '; other latent coordinates from the plane\'s origin');
    if (state.model.input.kind === 'image') {
      const img = $('decoded');
      img.src = url;
      img.hidden = false;
      img.dataset.decodes = String(state.decodes);
    } else {
      $('decoded-row').replaceChildren(rowTable(await getJson(url)));
      $('decoded-row').dataset.decodes = String(state.decodes);
    }
  }

  async function showStrip() {
    const url = '/api/interpolate?from=' + state.pickA + '&to=' + state.pickB + '&steps=10&mode=' + $('mode').value
      + labelParam();
    $('pick').textContent = 'from #' + state.pickA + ' to #' + state.pickB + ' (' + $('mode').value + ')';
    if (state.model.input.kind === 'image') {
      $('strip').src = url;
      $('strip').hidden = false;
    } else {
      $('strip-rows').replaceChildren(rowTable(await getJson(url)));
    }
  }

  canvas.addEventListener('mousemove', (ev) => {
    const [px, py] = pointer(ev);
    showHover(nearest(px, py, 6), px, py);
  });
  canvas.addEventListener('mouseleave', () => showHover(-1, 0, 0));
  canvas.addEventListener('click', (ev) => {
    const [px, py] = pointer(ev);
    const [x, y] = toPlane(px, py);
    decodeAt(x, y);
    const i = nearest(px, py, 6);
    if (i >= 0) {
      if (state.pickA < 0 || state.pickB >= 0) { state.pickA = i; state.pickB = -1; $('pick').textContent = 'start #' + i + '; click another point'; }
      else { state.pickB = i; showStrip(); }
      draw();
    }
  });
  canvas.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const [px, py] = pointer(ev);
    const [x, y] = toPlane(px, py);
    const f = ev.deltaY > 0 ? 1.2 : 1 / 1.2;
    const v = state.view;
    state.view = { x0: x - (x - v.x0) * f, x1: x + (v.x1 - x) * f, y0: y - (y - v.y0) * f, y1: y + (v.y1 - y) * f };
    draw();
  }, { passive: false });
  $('reset-view').addEventListener('click', () => { state.view = fullView(); draw(); });
  $('manifold-toggle').addEventListener('change', () => draw());
  $('mode').addEventListener('change', () => { if (state.pickA >= 0 && state.pickB >= 0) showStrip(); });
  $('class-select').addEventListener('change', () => {
    if (state.lastDecode) decodeAt(state.lastDecode[0], state.lastDecode[1]);
    if (state.pickA >= 0 && state.pickB >= 0) showStrip();
    draw();
  });
  $('sample-button').addEventListener('click', async () => {
    const seed = Math.floor(Math.random() * 1e9);
    const url = '/api/sample?n=16&seed=' + seed + labelParam();
    if (state.model.input.kind === 'image') { $('samples').src = url; $('samples').hidden = false; }
    else { $('sample-rows').replaceChildren(rowTable(await getJson(url))); }
  });

  // --- legend and model card ---------------------------------------------------------------------------------------
  function legend() {
    const box = $('legend');
    const labels = [...new Set(state.pts.label)].filter((l) => l !== null).sort((a, b) => a - b);
    for (const l of labels) {
      const b = document.createElement('button');
      b.type = 'button';
      b.innerHTML = '<span class="swatch"></span>';
      b.firstChild.style.background = colour(l);
      b.appendChild(document.createTextNode(className(l)));
      b.addEventListener('click', () => {
        if (state.hidden.has(l)) state.hidden.delete(l); else state.hidden.add(l);
        b.classList.toggle('off', state.hidden.has(l));
        draw();
      });
      box.appendChild(b);
    }
    if (state.model.conditional && state.model.classes.length) {
      const sel = $('class-select');
      state.model.classes.forEach((c, k) => sel.add(new Option(c, String(k))));
      $('class-select-label').hidden = false;
    }
  }

  function lossCurve(history) {
    const c = $('loss'), g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    if (!history.length) { g.fillText('no training history', 10, 20); return; }
    const vals = history.flatMap((h) => [h.train, h.test]).filter(Number.isFinite);
    const lo = Math.min(...vals), hi = Math.max(...vals), e1 = history[history.length - 1].epoch;
    const X = (e) => 40 + (e - 1) / Math.max(1, e1 - 1) * (c.width - 50);
    const Y = (v) => 10 + (hi - v) / Math.max(1e-9, hi - lo) * (c.height - 30);
    g.strokeStyle = '#999'; g.strokeRect(40, 10, c.width - 50, c.height - 30);
    g.fillStyle = '#333'; g.font = '10px sans-serif';
    g.fillText(hi.toFixed(1), 2, 14); g.fillText(lo.toFixed(1), 2, c.height - 20);
    g.fillText('epoch 1', 40, c.height - 6); g.fillText(String(e1), c.width - 20, c.height - 6);
    for (const [key, col] of [['train', '#1f77b4'], ['test', '#d62728']]) {
      g.strokeStyle = col; g.beginPath();
      history.forEach((h, k) => { const f = k ? g.lineTo : g.moveTo; f.call(g, X(h.epoch), Y(h[key])); });
      g.stroke();
      g.fillStyle = col; g.fillText(key + ' -ELBO', key === 'train' ? 120 : 200, c.height - 6);
    }
  }

  function modelCard(m) {
    const last = m.history.length ? m.history[m.history.length - 1] : null;
    const input = m.input.kind === 'image' ? m.input.channels + 'x' + m.input.height + 'x' + m.input.width + ' images'
      : m.input.columns.length + ' columns';
    $('card-facts').textContent = m.architecture + ' ' + JSON.stringify(m.hidden) + ', latent ' + m.latent + ', '
      + m.likelihood + ' likelihood, ' + m.parameters.toLocaleString('en') + ' parameters; input ' + input
      + '; data ' + m.dataset + ' (' + m.split + ', ' + m.examples.toLocaleString('en') + ' shown)'
      + (last ? '; after epoch ' + last.epoch + ' test -ELBO ' + last.test.toFixed(2) : '');
    $('summary').textContent = m.summary;
    lossCurve(m.history);
    const ev = $('evaluations');
    for (const e of m.evaluations) {
      const d = document.createElement('div');
      const r = e.report, parts = [];
      for (const k of Object.keys(r)) if (typeof r[k] === 'number') parts.push(k + ' ' + (+r[k].toFixed(4)));
      d.textContent = e.file + ': ' + parts.slice(0, 10).join(', ');
      ev.appendChild(d);
    }
    $('axes').textContent = 'x: ' + m.plane.labelX + ', y: ' + m.plane.labelY + ' (' + m.plane.kind
      + '); wheel zooms; click decodes; click two points for an interpolation';
  }

  async function start() {
    try {
      state.model = await getJson('/api/model');
      state.pts = await getJson('/api/points');
      state.view = fullView();
      modelCard(state.model);
      legend();
      draw();
      $('status').textContent = state.pts.count.toLocaleString('en') + ' examples of ' + state.model.split
        + ', latent ' + state.model.latent;
      document.body.dataset.ready = 'true';
    } catch (e) {
      $('status').textContent = 'error: ' + e.message;
    }
  }

  window.explorer = {
    state: state,
    screenOf: (i) => toScreen(state.pts.x[i], state.pts.y[i]),
    drawn: () => state.drawn,
    // mean milliseconds of k redraws of every point (the page's smoothness, measured by the browser test)
    timeDraw: (k) => { const t0 = performance.now(); for (let i = 0; i < k; i++) draw(); return (performance.now() - t0) / k; }
  };
  start();
})();
