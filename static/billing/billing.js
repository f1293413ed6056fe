/* Billing page: draws "credits used per day" from the JSON the page embeds (no inline JS). */
(function () {
  "use strict";

  function drawCreditsChart() {
    var source = document.getElementById("credits-usage-data");
    var canvas = document.getElementById("credits-usage-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var rows = JSON.parse(source.textContent || "[]");
    var brand = getComputedStyle(document.documentElement).getPropertyValue("--h-brand").trim();
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [
          {
            label: "Credits used",
            data: rows.map(function (row) { return row.used; }),
            backgroundColor: brand || "#5b4cdb",
            borderRadius: 4,
            maxBarThickness: 18
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCreditsChart);
  } else {
    drawCreditsChart();
  }
})();
