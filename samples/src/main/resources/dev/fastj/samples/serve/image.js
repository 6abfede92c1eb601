// fastj serve, image models: pick or drop an image, show it, POST it to /predict, draw the top classes.
(function () {
  const TOP = 5;
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
      if (!r.ok) fastjResult.fail(body.error || ('error ' + r.status)); else fastjResult.showClass(body, TOP);
    } catch (e) {
      fastjResult.fail('the server did not answer: ' + e.message);
    }
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
