// fastj serve: the bars of the most probable classes, shared by the pages of every kind of model.
window.fastjBars = function (container, probabilities, top) {
  const rows = Object.entries(probabilities).sort((a, b) => b[1] - a[1]).slice(0, top);
  container.replaceChildren(...rows.map(([cls, v]) => {
    const row = document.createElement('div');
    row.className = 'bar';
    row.dataset.class = cls;
    row.dataset.probability = String(v);
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = cls;
    const track = document.createElement('div');
    track.className = 'track';
    const fill = document.createElement('div');
    fill.className = 'fill';
    fill.style.width = (100 * v).toFixed(1) + '%';
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = v.toFixed(3);
    row.append(name, track, value);
    return row;
  }));
};
