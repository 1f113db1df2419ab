// The playground page: pick a group and who you are, then talk; or press ▶ 演示 for the guided demo.
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const showError = (text) => { $('error').textContent = text; };
  const main = window.MinhuPane.createPane($('log'), showError);
  const staff = window.MinhuPane.createPane($('staff-log'));
  let setup = null;

  function option(value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function me() { return $('who').value; }
  function chatId() { return $('chat').value === '@me' ? me() : $('chat').value; }
  function titleOf(chat) {
    const found = setup.chats.find((c) => c.id === chat);
    return found ? (found.title || found.id) : '与民呼私聊';
  }

  function connect() {
    $('title').textContent = titleOf(chatId());
    return main.open(chatId(), me());
  }

  $('send').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    main.post({ text }).catch(() => undefined);
  });

  /** What the guided demo may do with the page: switch the group pane, show the staff pane, type. */
  const page = {
    main,
    staff,
    narration: () => setup.narration,
    async showMain(chat, who) {
      $('chat').value = chat;
      $('who').value = who;
      await connect();
    },
    async showStaff(chat, who) {
      const person = setup.staff.find((s) => s.id === who);
      $('staff-pane').hidden = false;
      $('staff-title').textContent = chat === who ? '与民呼私聊' : titleOf(chat);
      $('staff-who').textContent = person ? person.label + ' 看到的' : '';
      await staff.open(chat, who);
    },
    narrate(text) {
      $('narration').hidden = !text;
      $('narration').textContent = text || '';
    },
    typing(text) { $('text').value = text; },
    nameOf(id) {
      const p = setup.staff.find((s) => s.id === id) || setup.households.find((h) => h.id === id);
      return p ? p.name : id;
    },
  };

  $('staff-close').addEventListener('click', () => {
    staff.close();
    $('staff-pane').hidden = true;
    page.narrate('');
  });

  fetch('/playground/api/setup').then((r) => r.json()).then((s) => {
    setup = s;
    s.chats.forEach((c) => $('chat').appendChild(option(c.id, c.title || c.id)));
    $('chat').appendChild(option('@me', '与民呼私聊'));
    const households = document.createElement('optgroup');
    households.label = '居民';
    s.households.forEach((h) => households.appendChild(option(h.id, h.label)));
    const staffGroup = document.createElement('optgroup');
    staffGroup.label = '工作人员';
    s.staff.forEach((p) => staffGroup.appendChild(option(p.id, p.label)));
    $('who').append(households, staffGroup);
    if (params.get('chat')) $('chat').value = params.get('chat');
    if (params.get('as')) $('who').value = params.get('as');
    $('chat').addEventListener('change', connect);
    $('who').addEventListener('change', connect);
    connect();
    const demo = window.MinhuDemo.create(page, { pace: Number(params.get('pace')) || 1 });
    $('demo').addEventListener('click', () => {
      const running = demo.toggle();
      $('demo').textContent = running ? '■ 停止' : '▶ 演示';
      $('demo').setAttribute('aria-pressed', String(running));
    });
    demo.onEnd(() => {
      $('demo').textContent = '▶ 演示';
      $('demo').setAttribute('aria-pressed', 'false');
    });
    document.body.dataset.ready = 'true';
  });
})();
