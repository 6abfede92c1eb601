// fastj clean: lists /api/items of a class and split (highest loss first), collects keep/delete/move
// choices and sends them to /api/apply; /api/undo reverses the last apply.
(function () {
  const label = document.getElementById('label');
  const split = document.getElementById('split');
  const grid = document.getElementById('items');
  const progress = document.getElementById('progress');
  const applyButton = document.getElementById('apply');
  const undoButton = document.getElementById('undo');
  const done = document.getElementById('done');
  const error = document.getElementById('error');
  let classes = [];
  const choices = new Map();

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  async function call(method, url, body) {
    const r = await fetch(url, body === undefined ? {method} :
      {method, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    const json = await r.json();
    if (!r.ok) throw new Error(json.error || ('error ' + r.status));
    return json;
  }

  async function waitForLosses() {
    for (;;) {
      const s = await call('GET', '/api/status');
      if (s.state === 'ready') {
        progress.textContent = s.total + ' images scored';
        return;
      }
      if (s.state === 'failed') throw new Error('computing the losses failed: ' + s.error);
      progress.textContent = 'computing the losses: ' + s.done + '/' + s.total + ' images';
      await new Promise(r => setTimeout(r, 300));
    }
  }

  function option(value, text) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }

  function card(item) {
    const div = document.createElement('div');
    div.className = 'item';
    div.dataset.id = item.id;
    const img = document.createElement('img');
    img.src = '/api/image?id=' + encodeURIComponent(item.id);
    img.alt = item.id;
    const facts = document.createElement('div');
    facts.className = 'facts';
    facts.innerHTML = '';
    const lines = item.error ? ['unreadable: ' + item.error] :
      ['label <b></b>', 'predicted <b></b>', 'loss <b></b>'];
    lines.forEach((l, i) => {
      const line = document.createElement('div');
      line.innerHTML = l;
      const b = line.querySelector('b');
      if (b) b.textContent = [item.label, item.predicted, item.loss == null ? '' : item.loss.toFixed(3)][i];
      line.className = ['label', 'predicted', 'loss'][i] || 'error';
      facts.append(line);
    });
    const select = document.createElement('select');
    select.className = 'choice';
    select.append(option('keep', 'keep'), option('delete', 'delete'));
    classes.filter(c => c !== item.label).forEach(c => select.append(option('move:' + c, 'move to ' + c)));
    select.addEventListener('change', () => {
      const v = select.value;
      div.classList.toggle('changed', v.startsWith('move:'));
      div.classList.toggle('delete', v === 'delete');
      if (v === 'keep') choices.delete(item.id);
      else choices.set(item.id, v === 'delete' ? {id: item.id, action: 'delete'} :
        {id: item.id, action: 'move', label: v.substring(5)});
      applyButton.disabled = choices.size === 0;
      applyButton.textContent = choices.size ? 'Apply ' + choices.size + ' change' + (choices.size > 1 ? 's' : '') : 'Apply';
    });
    div.append(img, facts, select);
    return div;
  }

  async function load() {
    error.hidden = true;
    choices.clear();
    applyButton.disabled = true;
    applyButton.textContent = 'Apply';
    const items = await call('GET', '/api/items?label=' + encodeURIComponent(label.value) +
      '&split=' + encodeURIComponent(split.value));
    grid.replaceChildren(...items.map(card));
    if (items.length === 0) grid.textContent = 'No images of ' + label.value + ' in ' + split.value + '.';
  }

  function report(title, results) {
    const changed = results.filter(r => r.changed);
    done.textContent = title + ': ' + (changed.length ? changed.map(r => r.result + ' ' + r.from + ' → ' + r.to)
      .join('\n') : 'nothing changed');
  }

  applyButton.addEventListener('click', async () => {
    try {
      report('applied', await call('POST', '/api/apply', Array.from(choices.values())));
      await load();
    } catch (e) { fail(e.message); }
  });
  undoButton.addEventListener('click', async () => {
    try {
      report('undone', await call('POST', '/api/undo'));
      await load();
    } catch (e) { fail(e.message); }
  });
  label.addEventListener('change', () => load().catch(e => fail(e.message)));
  split.addEventListener('change', () => load().catch(e => fail(e.message)));

  (async () => {
    try {
      classes = await call('GET', '/api/classes');
      label.replaceChildren(...classes.map(c => option(c, c)));
      await waitForLosses();
      await load();
    } catch (e) { fail(e.message); }
  })();
})();
