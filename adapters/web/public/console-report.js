// Draws the month's chart on /console/report from the option the server put in #chart-option
// (a JSON data block, so the page needs no inline script under its Content-Security-Policy).
(function () {
  var data = document.getElementById('chart-option');
  var target = document.getElementById('chart');
  if (!data || !target || typeof echarts === 'undefined') return;
  echarts.init(target).setOption(JSON.parse(data.textContent));
})();
