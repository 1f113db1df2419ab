// A chat pane of the playground: shows one web chat as one person sees it (server-sent events),
// posts as that person, and lets the guided demo wait for minhu's answers. No inline code (CSP).
(function () {
  /** Creates a pane drawing into the list element `log`. */
  function createPane(log, onError) {
    let source = null;
    let chat = null;
    let me = null;
    let received = [];
    const waiters = new Set();

    function render(m) {
      if (log.querySelector('[data-id="' + m.id + '"]')) return;
      const li = document.createElement('li');
      li.dataset.id = String(m.id);
      li.className = m.senderId === null ? 'bot' : (m.senderId === me ? 'mine' : '');
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = m.senderName;
      const bubble = document.createElement('div');
      bubble.className = 'bubble';
      if (m.mention) {
        const at = document.createElement('span');
        at.className = 'mention';
        at.textContent = '@' + m.mention + ' ';
        bubble.appendChild(at);
      }
      bubble.appendChild(document.createTextNode(m.text));
      if (m.image) {
        const img = document.createElement('img');
        img.src = m.image;
        img.alt = m.senderId === null ? '图表' : '照片';
        bubble.appendChild(img);
      }
      li.append(who, bubble);
      if (m.buttons && m.buttons.length) {
        const row = document.createElement('div');
        row.className = 'buttons';
        m.buttons.flat().forEach((b) => {
          const btn = document.createElement('button');
          btn.type = 'button';
          btn.textContent = b.label;
          btn.dataset.button = b.data;
          btn.addEventListener('click', () => pane.post({ button: b.data, messageId: m.id }));
          row.appendChild(btn);
        });
        li.appendChild(row);
      }
      log.appendChild(li);
      li.scrollIntoView({ block: 'end' });
    }

    function receive(m) {
      if (received.some((x) => x.id === m.id)) return;
      received.push(m);
      render(m);
      waiters.forEach((w) => w.check());
    }

    const pane = {
      get chat() { return chat; },
      get me() { return me; },
      /** Shows `chatId` as person `meId` sees it (history first, then live). */
      open(chatId, meId) {
        if (source) source.close();
        chat = chatId;
        me = meId;
        received = [];
        log.textContent = '';
        source = new EventSource('/playground/api/events?chat=' + encodeURIComponent(chatId));
        source.addEventListener('message', (e) => receive(JSON.parse(e.data)));
        source.addEventListener('delete', (e) => {
          const id = JSON.parse(e.data).id;
          const el = log.querySelector('[data-id="' + id + '"]');
          if (el) el.remove();
        });
        return new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
      },
      close() {
        if (source) source.close();
        source = null;
      },
      /** How many messages arrived so far: pass it to `waitFor` to wait only for newer ones. */
      mark() { return received.length; },
      /** Posts in this pane's chat, as `from` (default: the pane's person), through the real endpoint. */
      async post(body, from) {
        if (onError) onError('');
        const res = await fetch('/playground/api/messages', {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Object.assign({ chat: chat === '@me' ? me : chat, from: from || me }, body)),
        });
        if (!res.ok) {
          const reason = (await res.json().catch(() => ({}))).error || res.status;
          if (onError) onError('没有发出去：' + reason);
          throw new Error(String(reason));
        }
        return res.json();
      },
      /**
       * Resolves with the first message after `after` (see `mark`) for which `test` holds;
       * rejects after `timeoutMs` or when `signal` aborts.
       */
      waitFor(test, after, timeoutMs, signal) {
        return new Promise((resolve, reject) => {
          const w = {
            check() {
              const hit = received.slice(after).find(test);
              if (hit) done(() => resolve(hit));
            },
          };
          const timer = setTimeout(() => done(() => reject(new Error('timeout'))), timeoutMs || 15000);
          const onAbort = () => done(() => reject(new Error('stopped')));
          function done(then) {
            clearTimeout(timer);
            waiters.delete(w);
            if (signal) signal.removeEventListener('abort', onAbort);
            then();
          }
          if (signal && signal.aborted) return done(() => reject(new Error('stopped')));
          if (signal) signal.addEventListener('abort', onAbort);
          waiters.add(w);
          w.check();
        });
      },
      /** The rendered button `data` of message `id`, for a real click. */
      button(id, data) {
        return log.querySelector('[data-id="' + id + '"] button[data-button="' + data + '"]');
      },
    };
    return pane;
  }

  window.MinhuPane = { createPane };
})();
