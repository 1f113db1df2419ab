// The playground page: pick a group and who you are, then talk. Messages arrive over server-sent events.
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let source = null;
  let setup = null;

  function option(value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function me() { return $('who').value; }
  function chatId() { return $('chat').value === '@me' ? me() : $('chat').value; }

  function render(m) {
    if (document.getElementById('m' + m.id)) return;
    const li = document.createElement('li');
    li.id = 'm' + m.id;
    li.className = m.senderId === null ? 'bot' : (m.senderId === me() ? 'mine' : '');
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
      img.alt = '图表';
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
        btn.addEventListener('click', () => post({ button: b.data, messageId: m.id }));
        row.appendChild(btn);
      });
      li.appendChild(row);
    }
    $('log').appendChild(li);
    li.scrollIntoView({ block: 'end' });
  }

  function connect() {
    if (source) source.close();
    $('log').innerHTML = '';
    const chat = chatId();
    const found = setup.chats.find((c) => c.id === chat);
    $('title').textContent = found ? (found.title || found.id) : '与民呼私聊';
    source = new EventSource('/playground/api/events?chat=' + encodeURIComponent(chat));
    source.addEventListener('message', (e) => render(JSON.parse(e.data)));
    source.addEventListener('delete', (e) => {
      const el = document.getElementById('m' + JSON.parse(e.data).id);
      if (el) el.remove();
    });
  }

  async function post(body) {
    $('error').textContent = '';
    const res = await fetch('/playground/api/messages', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.assign({ chat: chatId(), from: me() }, body)),
    });
    if (!res.ok) $('error').textContent = '没有发出去:' + ((await res.json().catch(() => ({}))).error || res.status);
  }

  $('send').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    post({ text });
  });

  fetch('/playground/api/setup').then((r) => r.json()).then((s) => {
    setup = s;
    s.chats.forEach((c) => $('chat').appendChild(option(c.id, c.title || c.id)));
    $('chat').appendChild(option('@me', '与民呼私聊'));
    const households = document.createElement('optgroup');
    households.label = '居民';
    s.households.forEach((h) => households.appendChild(option(h.id, h.label)));
    const staff = document.createElement('optgroup');
    staff.label = '工作人员';
    s.staff.forEach((p) => staff.appendChild(option(p.id, p.label)));
    $('who').append(households, staff);
    if (params.get('chat')) $('chat').value = params.get('chat');
    if (params.get('as')) $('who').value = params.get('as');
    $('chat').addEventListener('change', connect);
    $('who').addEventListener('change', connect);
    connect();
  });
})();
