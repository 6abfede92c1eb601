// fastj serve, image models: pick or drop an image, show it, POST it to /predict, draw the top classes,
// or for a segmentation model the mask over the image and the share of the pixels of each code.
(function () {
  const TOP = 5;
  // code 0 (camvid's first code, often the background) is left clear; the others cycle through these
  const COLOURS = [[230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180],
    [70, 240, 240], [240, 50, 230], [210, 245, 60]];
  const drop = document.getElementById('drop');
  const input = document.getElementById('file');

  fetch('/health').then(r => r.json()).then(h => {
    document.getElementById('model').textContent =
      h.model + ' · ' + h.classes.length + ' classes · ' + h.input.width + '×' + h.input.height +
      (h.input.channels === 1 ? ' grey' : ' RGB');
  });

  function show(file) {
    const img = document.createElement('img');
    img.alt = file.name;
    img.src = URL.createObjectURL(file);
    drop.replaceChildren(img);
  }

  async function predict(file) {
    if (!file) return;
    show(file);
    fastjResult.waiting();
    try {
      const r = await fetch('/predict', {
        method: 'POST',
        headers: {'Content-Type': file.type || 'application/octet-stream'},
        body: file
      });
      const body = await r.json();
      if (!r.ok) fastjResult.fail(body.error || ('error ' + r.status));
      else if (body.mask) showMask(body);
      else fastjResult.showClass(body, TOP);
    } catch (e) {
      fastjResult.fail('the server did not answer: ' + e.message);
    }
  }

  // the answer's mask (a grey PNG in base64, level = code) drawn in colour over the image
  function showMask(p) {
    const shares = {};
    Object.entries(p.pixels).forEach(([code, n]) => { shares[code] = n / (p.width * p.height); });
    fastjResult.showShares(p.label, 'mask ' + p.width + '×' + p.height + ' · share of the pixels of each code',
      shares, Object.keys(shares).length);
    const png = new Image();
    png.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.id = 'mask';
      canvas.width = p.width;
      canvas.height = p.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(png, 0, 0);
      const d = ctx.getImageData(0, 0, p.width, p.height);
      const counts = {};
      for (let i = 0; i < d.data.length; i += 4) {
        const code = d.data[i];
        counts[code] = (counts[code] || 0) + 1;
        const c = code === 0 ? null : COLOURS[(code - 1) % COLOURS.length];
        d.data[i] = c ? c[0] : 0;
        d.data[i + 1] = c ? c[1] : 0;
        d.data[i + 2] = c ? c[2] : 0;
        d.data[i + 3] = c ? 150 : 0;
      }
      ctx.putImageData(d, 0, 0);
      canvas.dataset.codes = JSON.stringify(counts);
      const old = document.getElementById('mask');
      if (old) old.remove();
      drop.append(canvas);
    };
    png.src = 'data:image/png;base64,' + p.mask;
  }

  input.addEventListener('change', () => predict(input.files[0]));
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    predict(e.dataTransfer.files[0]);
  });
})();
