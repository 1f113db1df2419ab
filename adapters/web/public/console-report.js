// Draws the month's chart on /console/report from the option the server put in #chart-option
// (a JSON data block, so the page needs no inline script under its Content-Security-Policy);
// a click on an area's bar opens that area's requests (#chart-links).
(function () {
  var data = document.getElementById('chart-option');
  var target = document.getElementById('chart');
  if (!data || !target || typeof echarts === 'undefined') return;
  var option = JSON.parse(data.textContent);
  var links = JSON.parse((document.getElementById('chart-links') || { textContent: '[]' }).textContent);
  // Draw once the Noto Sans SC web font is there, so the chart's Chinese labels never show as boxes.
  var fontReady = document.fonts ? document.fonts.load('14px "Noto Sans SC"', '民呼').catch(function () {}) : Promise.resolve();
  fontReady.then(function () {
    var chart = echarts.init(target);
    chart.setOption(option);
    chart.on('click', function (p) { if (links[p.dataIndex]) location.href = links[p.dataIndex]; });
    window.addEventListener('resize', function () { chart.resize(); });
    target.dataset.ready = 'true';
  });
})();
