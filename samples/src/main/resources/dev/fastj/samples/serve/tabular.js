// fastj serve, tabular models: a form of the model's columns (from /health), POSTed to /predict as one JSON
// object {column: value}; shows the class and the top probabilities, or the values of a regression.
(function () {
  const TOP = 5;
  const form = document.getElementById('row');
  const fields = document.getElementById('fields');
  let health = null;

  function field(col) {
    const wrap = document.createElement('label');
    wrap.className = 'field';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = col.name;
    let input;
    if (col.type === 'categorical') {
      input = document.createElement('select');
      const none = document.createElement('option');
      none.value = '';
      none.textContent = '(missing)';
      input.append(none, ...col.classes.map(c => {
        const o = document.createElement('option');
        o.value = c;
        o.textContent = c;
        return o;
      }));
      if (col.classes.length) input.value = col.classes[0];
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = 'any';
      input.required = !col.optional;
      if (col.mean !== undefined) input.placeholder = 'mean ' + col.mean.toFixed(2);
      if (col.optional) input.title = 'empty: filled with ' + col.fill;
    }
    input.dataset.column = col.name;
    input.dataset.type = col.type;
    wrap.append(name, input);
    return wrap;
  }

  fetch('/health').then(r => r.json()).then(h => {
    health = h;
    const what = h.task === 'regression' ? 'regression of ' + (h.targets.join(', ') || 'its targets')
      : h.classes.length + ' classes' + (h.targets.length ? ' of ' + h.targets.join(', ') : '');
    document.getElementById('model').textContent = h.model + ' · ' + what + ' · ' + h.columns.length + ' columns';
    fields.replaceChildren(...h.columns.map(field));
  });

  function row() {
    const out = {};
    for (const input of fields.querySelectorAll('[data-column]')) {
      const v = input.value.trim();
      if (v === '') out[input.dataset.column] = null;
      else out[input.dataset.column] = input.dataset.type === 'continuous' ? Number(v) : v;
    }
    return out;
  }

  function render(p) {
    if (!p.values) {
      fastjResult.showClass(p, TOP);
      return;
    }
    const names = health.targets.length === p.values.length ? health.targets : p.values.map((_, i) => 'y' + i);
    fastjResult.showText(p.values.map((v, i) => names[i] + ' = ' + v.toPrecision(6)).join(', '), 'regression');
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const body = JSON.stringify(row());
    document.getElementById('request').textContent = body;
    fastjResult.waiting();
    try {
      const r = await fetch('/predict', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
      const text = await r.text();
      document.getElementById('answer').textContent = text;
      document.getElementById('api').hidden = false;
      const answer = JSON.parse(text);
      if (!r.ok) fastjResult.fail(answer.error || ('error ' + r.status)); else render(answer);
    } catch (err) {
      fastjResult.fail('the server did not answer: ' + err.message);
    }
  });
})();
