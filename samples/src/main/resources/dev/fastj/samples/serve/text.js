// fastj serve, text models: the textarea POSTed to /predict as text/plain; shows the class and the probabilities.
(function () {
  const TOP = 5;
  fetch('/health').then(r => r.json()).then(h => {
    document.getElementById('model').textContent = h.model + ' · ' + h.classes.length + ' classes · reads the last '
      + h.max_len + ' tokens';
  });
  document.getElementById('text-form').addEventListener('submit', async e => {
    e.preventDefault();
    fastjResult.waiting();
    try {
      const r = await fetch('/predict', {method: 'POST', headers: {'Content-Type': 'text/plain; charset=utf-8'},
        body: document.getElementById('text').value});
      const answer = await r.json();
      if (!r.ok) fastjResult.fail(answer.error || ('error ' + r.status)); else fastjResult.showClass(answer, TOP);
    } catch (err) {
      fastjResult.fail('the server did not answer: ' + err.message);
    }
  });
})();
