/* The observatory's charts and map: progressive enhancement over the tables, which hold
   every figure. Data come from JSON blocks (<script type="application/json">), the
   boundaries from a cached GeoJSON file; names are set as text, never as HTML. A hidden
   cell (null) is a gap in a chart and a grey area on the map. */
(function () {
  "use strict";

  var PALETTE = ["#0066cc", "#d1344c", "#008055", "#cc7a00", "#7a3db8", "#00829b",
                 "#5c6f82", "#c2185b", "#17324d", "#6b8e00", "#8d5524"];
  var SHADES = ["#d6e6f7", "#9cc3eb", "#5c9fdc", "#1f77c7", "#004d99"];
  var language = document.documentElement.lang || "it";
  var numberFormat = new Intl.NumberFormat(language);

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function baseOptions(extra) {
    var options = {
      locale: language,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    };
    Object.keys(extra || {}).forEach(function (key) { options[key] = extra[key]; });
    return options;
  }

  function dataset(source, index, kind) {
    var colour = PALETTE[index % PALETTE.length];
    return {
      label: source.label,
      data: source.data,
      borderColor: colour,
      backgroundColor: kind === "line" ? colour : colour + "cc",
      borderWidth: kind === "line" ? 2 : 1,
      pointRadius: kind === "line" ? 2 : 0,
      spanGaps: false,
      hidden: Boolean(source.hidden)
    };
  }

  function chartConfig(key, spec) {
    var datasets = spec.datasets.map(function (source, index) {
      var item = dataset(source, index, spec.type);
      if (spec.visible !== undefined && index >= spec.visible) {
        item.hidden = true;
      }
      return item;
    });
    var options = baseOptions();
    if (spec.horizontal) {
      options.indexAxis = "y";
      options.scales = { x: { beginAtZero: true, ticks: { precision: 0 } } };
    }
    if (spec.days) {
      // The funnel: proposals as bars, the average days of each step as a line on its own axis.
      var days = dataset(spec.days, 1, "line");
      days.type = "line";
      days.yAxisID = "days";
      datasets.push(days);
      options.scales.days = {
        position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
        title: { display: true, text: spec.days.label }
      };
    }
    return { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  function drawCharts() {
    var charts = readJson("observatory-charts");
    if (!charts || !window.Chart) {
      return;
    }
    // The site's typeface and text colour (Bootstrap Italia's), not the library's defaults.
    window.Chart.defaults.font.family = "'Titillium Web', Geneva, Tahoma, sans-serif";
    window.Chart.defaults.font.size = 13;
    window.Chart.defaults.color = "#33475b";
    document.querySelectorAll("[data-chart]").forEach(function (figure) {
      var spec = charts[figure.dataset.chart];
      if (!spec || !spec.labels.length) {
        return;
      }
      figure.hidden = false;
      new window.Chart(figure.querySelector("canvas"), chartConfig(figure.dataset.chart, spec));
    });
  }

  function classes(values) {
    // Five classes of equal width from zero to the largest figure shown.
    var top = Math.max.apply(null, values.concat([0]));
    return function (value) {
      if (value === null || value === undefined) {
        return null;
      }
      if (top === 0 || value === 0) {
        return 0;
      }
      return Math.min(SHADES.length - 1, Math.floor((value / top) * SHADES.length));
    };
  }

  function drawMap() {
    var container = document.getElementById("observatory-map");
    var data = readJson("observatory-map-data");
    if (!container || !data || !window.L || !window.fetch) {
      return;
    }
    var controls = document.querySelector(".wemi-obs-map-controls");
    var select = document.getElementById("mappa-misura");
    data.columns.forEach(function (label, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = label;
      select.appendChild(option);
    });

    fetch(container.dataset.boundaries, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (geojson) {
        container.hidden = false;
        controls.hidden = false;
        var map = L.map(container, { scrollWheelZoom: false });
        L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
          maxZoom: 18,
          opacity: 0.45,
          attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
        }).addTo(map);
        var layer = null;
        var legend = L.control({ position: "bottomright" });
        legend.onAdd = function () {
          this.box = L.DomUtil.create("div", "wemi-obs-legend");
          return this.box;
        };
        legend.addTo(map);

        function legendUpdate(label, top) {
          var box = legend.box;
          box.textContent = "";
          var title = document.createElement("div");
          title.className = "fw-semibold";
          title.textContent = label;
          box.appendChild(title);
          SHADES.forEach(function (_shade, index) {
            var line = document.createElement("div");
            var swatch = document.createElement("span");
            swatch.className = "wemi-obs-swatch wemi-obs-shade-" + index;
            line.appendChild(swatch);
            var from = Math.round((top * index) / SHADES.length);
            var to = Math.round((top * (index + 1)) / SHADES.length);
            line.appendChild(document.createTextNode(numberFormat.format(from) + "–" + numberFormat.format(to)));
            box.appendChild(line);
          });
          var hidden = document.createElement("div");
          var swatch = document.createElement("span");
          swatch.className = "wemi-obs-swatch wemi-obs-shade-hidden";
          hidden.appendChild(swatch);
          hidden.appendChild(document.createTextNode(container.dataset.hiddenLabel));
          box.appendChild(hidden);
        }

        function draw() {
          var level = document.querySelector("input[name=mappa-livello]:checked").value;
          var column = Number(select.value || 0);
          var values = data[level];
          var shown = Object.keys(values).map(function (key) { return values[key][column]; })
            .filter(function (value) { return value !== null; });
          var shade = classes(shown);
          if (layer) {
            map.removeLayer(layer);
          }
          layer = L.geoJSON(geojson, {
            filter: function (feature) { return feature.properties.layer === level; },
            style: function (feature) {
              var row = values[feature.properties.id];
              if (!row) {
                return { color: "#8a99a8", weight: 1, fillOpacity: 0.05, fillColor: "#ffffff" };
              }
              var index = shade(row[column]);
              return {
                color: "#17324d",
                weight: 1,
                fillOpacity: 0.75,
                fillColor: index === null ? "#b1b9c2" : SHADES[index],
                dashArray: index === null ? "4 3" : null
              };
            },
            onEachFeature: function (feature, item) {
              var row = values[feature.properties.id];
              var value = !row ? container.dataset.noneLabel
                : row[column] === null ? container.dataset.hiddenLabel
                : numberFormat.format(row[column]);
              var text = document.createElement("span");
              text.textContent = feature.properties.name + ": " + value;
              item.bindTooltip(text, { sticky: true });
            }
          }).addTo(map);
          var withData = L.featureGroup(layer.getLayers().filter(function (item) {
            return values[item.feature.properties.id];
          }));
          var bounds = withData.getLayers().length ? withData.getBounds() : layer.getBounds();
          if (bounds.isValid()) {
            map.fitBounds(bounds, { padding: [12, 12] });
          }
          legendUpdate(data.columns[column], Math.max.apply(null, shown.concat([0])));
        }

        select.addEventListener("change", draw);
        document.querySelectorAll("input[name=mappa-livello]").forEach(function (radio) {
          radio.addEventListener("change", draw);
        });
        draw();
        container.dataset.ready = "true";
      })
      .catch(function () {
        // Without the boundaries the tables below still say it all.
      });
  }

  drawCharts();
  drawMap();
})();
