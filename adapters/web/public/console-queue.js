// The console's live queue (issue 17): refreshes the rows region whenever any request changes
// (server-sent events from /console/queue/events), every 30 s for the time left, and rings
// (a short tone, a count in the title) when a new urgent or possibly urgent request appears.
(function () {
  var region = document.getElementById('queue');
  if (!region) return;
  var baseTitle = document.title;
  var live = document.getElementById('live');
  var soundButton = document.getElementById('sound');
  var soundOn = localStorage.getItem('minhu-sound') !== 'off';
  var seen = {};
  var alerts = 0;
  var audio = null;
  document.body.dataset.alerts = '0';
  document.body.dataset.refreshes = '0';

  function rows() { return region.querySelectorAll('tr[data-id]'); }
  Array.prototype.forEach.call(rows(), function (tr) { seen[tr.dataset.id] = true; });

  function showSound() {
    if (!soundButton) return;
    soundButton.textContent = soundOn ? '提示音：开' : '提示音：关';
    soundButton.setAttribute('aria-pressed', soundOn ? 'true' : 'false');
  }
  showSound();
  if (soundButton) soundButton.addEventListener('click', function () {
    soundOn = !soundOn;
    localStorage.setItem('minhu-sound', soundOn ? 'on' : 'off');
    showSound();
    unlock();
  });
  // Browsers allow sound after the person has interacted with the page.
  function unlock() {
    try { audio = audio || new (window.AudioContext || window.webkitAudioContext)(); if (audio.state === 'suspended') audio.resume(); } catch (e) { audio = null; }
  }
  document.addEventListener('pointerdown', unlock, { once: true });
  document.addEventListener('keydown', unlock, { once: true });

  function ring() {
    document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
    if (!soundOn) return;
    unlock();
    if (!audio) return;
    try {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.6);
    } catch (e) { /* no sound device */ }
  }

  function alertNew(ids) {
    alerts += ids.length;
    document.title = '(' + alerts + ') ' + baseTitle;
    document.body.dataset.alerts = String(alerts);
    if (live) live.textContent = '新的紧急诉求：' + ids.map(function (i) { return '#' + i; }).join('、');
    ring();
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && alerts) { alerts = 0; document.title = baseTitle; document.body.dataset.alerts = '0'; }
  });

  var pending = false;
  var running = false;
  function refresh() {
    if (running) { pending = true; return; }
    running = true;
    var checkedIds = {};
    Array.prototype.forEach.call(region.querySelectorAll('input[name=ids]:checked'), function (c) { checkedIds[c.value] = true; });
    fetch('/console/queue/rows' + (region.dataset.query || ''), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.getAttribute('href') || document.activeElement.value : null;
        region.innerHTML = html;
        var fresh = [];
        Array.prototype.forEach.call(rows(), function (tr) {
          var id = tr.dataset.id;
          if (!seen[id] && tr.dataset.pin) fresh.push(id);
          seen[id] = true;
          var box = tr.querySelector('input[name=ids]');
          if (box && checkedIds[box.value]) box.checked = true;
        });
        if (focused) {
          var again = region.querySelector('a[href="' + focused + '"], input[value="' + focused + '"]');
          if (again) again.focus();
        }
        document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes) + 1);
        if (fresh.length) alertNew(fresh);
      })
      .catch(function () {})
      .then(function () { running = false; if (pending) { pending = false; refresh(); } });
  }

  if (window.EventSource) {
    var events = new EventSource('/console/queue/events');
    events.addEventListener('change', refresh);
    events.addEventListener('open', function () { document.body.dataset.live = 'on'; refresh(); });
    events.addEventListener('error', function () { document.body.dataset.live = 'retrying'; });
  }
  setInterval(refresh, 30000);
})();
