// The guided demo (▶ 演示): plays the README's story and more across the playground's panes, through
// the same /playground/api/messages endpoint as a person typing — every answer is minhu's own.
// Each step waits for minhu's actual answer (request numbers are read from it, so the demo also runs
// on a database that already holds requests); ■ 停止 stops it, and everything it did stays.
(function () {
  const GROUP = 'wangjia13';
  const TOWNSHIP_GROUP = 'qinghe-dispatch';
  const WANG = 'h-wangdama';
  const LI = 'h-lidaye';
  const WORKER = 'zhangwangge';
  const DISPATCHER = 'liudiaodu';
  const ADMIN = 'zhengguanli';
  const fromBot = (re) => (m) => m.senderId === null && re.test(m.text);

  /** A small picture of a dark street lamp, drawn here (PNG data URL) as the household's photo. */
  function lampPhoto() {
    const c = document.createElement('canvas');
    c.width = 240;
    c.height = 160;
    const g = c.getContext('2d');
    g.fillStyle = '#1b2433';
    g.fillRect(0, 0, 240, 160);
    g.fillStyle = '#3b3f46';
    g.fillRect(0, 130, 240, 30);
    g.fillStyle = '#8a8f98';
    g.fillRect(110, 40, 8, 92);
    g.fillRect(110, 40, 50, 6);
    g.fillStyle = '#555b66';
    g.beginPath();
    g.arc(160, 52, 12, 0, Math.PI);
    g.fill();
    g.fillStyle = '#d9dde3';
    for (let i = 0; i < 30; i++) g.fillRect((i * 53) % 240, (i * 29) % 100, 2, 2);
    return c.toDataURL('image/png');
  }

  function create(page, options) {
    const pace = options.pace > 0 ? options.pace : 1;
    let controller = null;
    const endListeners = [];

    async function play(signal) {
      const text = page.narration();
      const { main, staff } = page;
      const sleep = (ms) => new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms * pace);
        signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('stopped')); }, { once: true });
      });
      const wait = (pane, test, after, what) => pane.waitFor(test, after, 20000, signal).catch((e) => {
        throw e.message === 'stopped' ? e : new Error(what);
      });
      /** Says `words` in the group as `who`, typed into the box first; resolves with the mark before it. */
      async function sayInGroup(who, words, extra) {
        page.typing(page.nameOf(who) + ':' + words);
        await sleep(700);
        page.typing('');
        const mark = main.mark();
        await main.post(Object.assign({ text: words }, extra || {}), who);
        return mark;
      }
      async function sayToStaff(words) {
        const mark = staff.mark();
        await staff.post({ text: words });
        return mark;
      }
      /** Answers minhu's questions until the receipt comes; returns the request number. */
      async function untilReceipt(who, mark, narrateAsk) {
        for (let round = 0; round < 4; round++) {
          const m = await wait(main, fromBot(/已登记 #\d+|请问具体位置|请问属于哪一类|同一问题吗|已收到您的反映/), mark, '登记');
          mark = main.mark();
          if (/请问具体位置/.test(m.text)) {
            if (narrateAsk) page.narrate(text['demo.ask']);
            await sleep(1800);
            mark = await sayInGroup(who, '3组王家门口');
          } else if (/请问属于哪一类/.test(m.text)) {
            await sleep(1200);
            mark = await sayInGroup(who, '1');
          } else if (/同一问题吗/.test(m.text)) {
            await sleep(1200);
            mark = await sayInGroup(who, '否');
          } else {
            return Number(/#(\d+)/.exec(m.text)[1]);
          }
        }
        throw new Error('登记');
      }

      page.narrate(text['demo.start']);
      await page.showMain(GROUP, WANG);
      await page.showStaff(WORKER, WORKER);
      await sleep(3000);

      page.narrate(text['demo.report']);
      await sleep(1500);
      let mark = await sayInGroup(WANG, '报事 路灯不亮了，晚上走路看不见', { photo: lampPhoto() });
      const id = await untilReceipt(WANG, mark, true);
      await sleep(1500);
      mark = await sayToStaff('待办');
      await wait(staff, fromBot(new RegExp('#' + id + '【')), mark, '待办');
      await sleep(2500);

      page.narrate(text['demo.claim']);
      mark = await sayInGroup(WORKER, '认领 ' + id);
      await wait(main, fromBot(new RegExp('#' + id + ' 已由')), mark, '认领');
      await sleep(2500);

      page.narrate(text['demo.resolve']);
      mark = await sayInGroup(WORKER, '办结 ' + id + ' 已换新灯泡，晚上亮了');
      const prompt = await wait(main, (m) => m.senderId === null && !!m.buttons && new RegExp('#' + id + ' ').test(m.text), mark, '办结');
      await sleep(2500);

      page.narrate(text['demo.rate']);
      await sleep(1200);
      mark = main.mark();
      const button = main.button(prompt.id, 'rate:' + id + ':satisfied');
      if (button) button.click();
      else await main.post({ button: 'rate:' + id + ':satisfied', messageId: prompt.id }, WANG);
      await wait(main, fromBot(new RegExp('#' + id + ' 的评价')), mark, '评价');
      mark = await sayToStaff('查看 ' + id);
      await wait(staff, fromBot(new RegExp('#' + id + '【')), mark, '查看');
      await sleep(3000);

      page.narrate(text['demo.urgent']);
      await page.showStaff(TOWNSHIP_GROUP, DISPATCHER);
      await sleep(1200);
      const staffMark = staff.mark();
      mark = await sayInGroup(LI, '报事 2组李家厨房着火了，有人被困在里面');
      await untilReceipt(LI, mark, false);
      await wait(staff, fromBot(/紧急诉求/), staffMark, '紧急警报');
      await sleep(3500);

      page.narrate(text['demo.notice']);
      await page.showStaff(ADMIN, ADMIN);
      await sleep(1000);
      mark = await sayToStaff('通知 王家村 明天上午8点到12点停水检修，请提前储水 需回执');
      const preview = await wait(staff, fromBot(/通知预览 #\d+/), mark, '通知预览');
      const notice = Number(/#(\d+)/.exec(preview.text)[1]);
      await sleep(3000);
      const groupMark = main.mark();
      mark = await sayToStaff('确认 ' + notice);
      await wait(staff, fromBot(new RegExp('通知 #' + notice)), mark, '确认');
      await wait(main, fromBot(/停水检修/), groupMark, '通知送达');
      await sleep(2500);

      page.narrate(text['demo.ack']);
      await sayInGroup(WANG, '收到');
      await sleep(800);
      await sayInGroup(LI, '收到');
      await sleep(1200);
      mark = await sayToStaff('通知状态 ' + notice);
      await wait(staff, fromBot(new RegExp('通知 #' + notice + '(（|\\()')), mark, '通知状态');
      await sleep(3000);

      page.narrate(text['demo.report.chart']);
      await page.showStaff(DISPATCHER, DISPATCHER);
      await sleep(1000);
      mark = await sayToStaff('报表');
      await wait(staff, (m) => m.senderId === null && !!m.image, mark, '报表');
      await sleep(2000);
      page.narrate(text['demo.done']);
    }

    return {
      /** Starts the demo, or stops it when it runs; returns whether it runs now. */
      toggle() {
        if (controller) {
          controller.abort();
          return false;
        }
        const mine = new AbortController();
        controller = mine;
        document.body.dataset.demo = 'running';
        let outcome = 'done';
        play(mine.signal).catch((e) => {
          outcome = e.message === 'stopped' ? 'stopped' : 'failed';
          const text = page.narration();
          page.narrate(e.message === 'stopped' ? text['demo.stopped'] : text['demo.failed'].replace('{step}', e.message));
          page.typing('');
        }).finally(() => {
          controller = null;
          document.body.dataset.demo = outcome;
          endListeners.forEach((f) => f());
        });
        return true;
      },
      onEnd(listener) { endListeners.push(listener); },
    };
  }

  window.MinhuDemo = { create };
})();
