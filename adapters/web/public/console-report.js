// Draws the month's chart on /console/report from the option the server put in #chart-option
// (a JSON data block, so the page needs no inline script under its Content-Security-Policy).
(function () {
  var data = document.getElementById('chart-option');
  var target = document.getElementById('chart');
  if (!data || !target || typeof echarts === 'undefined') return;
  var option = JSON.parse(data.textContent);
  // Draw once the Noto Sans SC web font is there, so the chart's Chinese labels never show as boxes.
  var fontReady = document.fonts ? document.fonts.load('14px "Noto Sans SC"', '民呼').catch(function () {}) : Promise.resolve();
  fontReady.then(function () { echarts.init(target).setOption(option); });
})();
