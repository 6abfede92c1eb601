// fastj serve: the answer area shared by the pages of every kind of model (#label, #probability, #bars, #error).
window.fastjResult = (function () {
  const label = () => document.getElementById('label');
  const probability = () => document.getElementById('probability');
  const bars = () => document.getElementById('bars');
  const error = () => document.getElementById('error');

  function bar(cls, v) {
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
  }

  return {
    // the server's error (or the network's) instead of an answer
    fail(message) {
      label().textContent = '\u00a0';
      probability().textContent = '';
      bars().replaceChildren();
      error().textContent = message;
      error().hidden = false;
    },
    // a class, its probability and bars for the `top` most probable classes
    showClass(p, top) {
      this.showShares(p.label, 'probability ' + p.probability.toFixed(3), p.probabilities, top);
    },
    // a line of text, a detail, and bars for the `top` largest of `shares` ({name: value in 0..1})
    showShares(text, detail, shares, top) {
      error().hidden = true;
      label().textContent = text;
      probability().textContent = detail;
      const rows = Object.entries(shares).sort((a, b) => b[1] - a[1]).slice(0, top);
      bars().replaceChildren(...rows.map(([cls, v]) => bar(cls, v)));
    },
    // any other answer: a line of text without bars (the values of a regression, say)
    showText(text, detail) {
      error().hidden = true;
      label().textContent = text;
      probability().textContent = detail;
      bars().replaceChildren();
    },
    waiting() {
      label().textContent = '…';
    }
  };
})();
