// rasd overview: draws the monthly timeline from the JSON the server embedded in the page.
// The data arrives in a non-executing <script type="application/json"> block and is only ever
// handed to Chart.js as numbers and labels, never inserted as HTML.
(function () {
  "use strict";
  var COLOURS = {
    "Battles": "#1f77b4",
    "Explosions/Remote violence": "#d62728",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#ff7f0e",
    "Strategic developments": "#7f7f7f"
  };

  function drawTimeline() {
    var source = document.getElementById("timeline-data");
    var canvas = document.getElementById("timeline");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: data.series.map(function (s) {
          return { label: s.event_type, data: s.counts, backgroundColor: COLOURS[s.event_type] || "#999" };
        })
      },
      options: {
        animation: false,
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  // Changing a select applies the filters at once; the URL carries them, so views can be shared.
  function autoSubmit() {
    var form = document.getElementById("filters");
    if (!form) { return; }
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
    // Leave empty fields out of the URL, so shared links stay short and readable.
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "") { field.disabled = true; }
      });
    });
  }

  drawTimeline();
  autoSubmit();
})();
