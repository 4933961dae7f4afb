/* The map of the Spazi WeMi: progressive enhancement over the list, which says it all.
   Reads the markers from <script id="spaces-data" type="application/json"> and shows the
   map container (hidden without JavaScript). Popups are built with DOM text nodes: names and
   addresses are content, never HTML. */
(function () {
  "use strict";

  var container = document.getElementById("spaces-map");
  var source = document.getElementById("spaces-data");
  if (!container || !source || !window.L) {
    return;
  }
  var spaces = JSON.parse(source.textContent);
  if (!spaces.length) {
    return;
  }

  container.hidden = false;
  document.querySelectorAll(".wemi-map-note").forEach(function (note) {
    note.hidden = false;
  });

  var icon = L.icon({
    iconUrl: container.dataset.icon,
    iconRetinaUrl: container.dataset.iconRetina,
    shadowUrl: container.dataset.shadow,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [16, -28],
    shadowSize: [41, 41]
  });

  // Scrolling the page must not zoom the map by accident.
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);

  function line(text, className) {
    var element = document.createElement("div");
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function entry(space) {
    var box = document.createElement("div");
    box.className = "wemi-map-popup-entry";
    var title = document.createElement(space.url ? "a" : "strong");
    title.textContent = space.name;
    if (space.url) {
      title.href = space.url;
      title.className = "fw-semibold";
    }
    box.appendChild(title);
    box.appendChild(line(space.address));
    box.appendChild(line(space.municipio));
    return box;
  }

  // Spaces without an exact point share their neighbourhood's centre: one marker lists them
  // all, instead of markers stacked where only the top one can be reached.
  var groups = {};
  var order = [];
  spaces.forEach(function (space) {
    var key = space.lat.toFixed(6) + "," + space.lon.toFixed(6);
    if (!groups[key]) {
      groups[key] = [];
      order.push(key);
    }
    groups[key].push(space);
  });

  var points = order.map(function (key) {
    var group = groups[key];
    var point = [group[0].lat, group[0].lon];
    var box = document.createElement("div");
    group.forEach(function (space) {
      box.appendChild(entry(space));
    });
    if (!group[0].exact) {
      box.appendChild(line(container.dataset.approximate, "small text-secondary mt-1"));
    }
    var names = group.map(function (space) { return space.name; }).join(", ");
    L.marker(point, { icon: icon, title: names, alt: names })
      .bindPopup(box)
      .addTo(map);
    return point;
  });

  if (points.length === 1) {
    map.setView(points[0], spaces[0].exact ? 16 : 14);
  } else {
    map.fitBounds(points, { padding: [32, 32], maxZoom: 15 });
  }
})();
