// rasd review desk: the queue's keys, the edit form's helpers (valid type pairs, place and actor
// autocomplete) and choosing a sentence on a document's page. Everything the server sends is
// inserted as text (textContent), never as HTML.
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function plainKey(event) {
    return !event.ctrlKey && !event.metaKey && !event.altKey;
  }

  // -- the queue: j/k move, a accept, e edit, x reject, m merge, s split --------------------
  function reviewKeys() {
    var item = document.getElementById("item");
    if (!item) { return; }
    var panels = ["reject-form", "merge-form", "merge-id-form", "split-form"].map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    var open = null;

    function close() {
      panels.forEach(function (p) { p.hidden = true; });
      open = null;
    }

    function show(name) {
      close();
      open = name;
      if (name === "reject") {
        document.getElementById("reject-form").hidden = false;
        document.getElementById("reject-note").focus();
      } else if (name === "merge") {
        document.getElementById("merge-form").hidden = false;
        document.getElementById("merge-id-form").hidden = false;
      } else if (name === "split") {
        document.getElementById("split-form").hidden = false;
      }
    }

    function pressNumbered(selector, key) {
      var button = document.querySelector(selector + '[data-key="' + key + '"]');
      if (button) { button.click(); }
    }

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); if (typing(event)) { event.target.blur(); } return; }
      if (typing(event) || !plainKey(event)) { return; }
      var key = event.key;
      if (open === "merge" && /^[1-9]$/.test(key)) { pressNumbered("button.candidate", key); event.preventDefault(); return; }
      if (open === "split" && /^[1-9]$/.test(key)) { pressNumbered("button.source-key", key); event.preventDefault(); return; }
      if (key === "j" && item.dataset.next) { location.assign(item.dataset.next); }
      else if (key === "k" && item.dataset.previous) { location.assign(item.dataset.previous); }
      else if (key === "a") { document.getElementById("accept-form").requestSubmit(); }
      else if (key === "e") { location.assign(item.dataset.edit); }
      else if (key === "x") { show("reject"); }
      else if (key === "m") { show("merge"); }
      else if (key === "s") { show("split"); }
      else { return; }
      event.preventDefault();
    });
    var current = document.querySelector("#queue li.current");
    if (current) { current.scrollIntoView({ block: "nearest" }); }
  }

  // -- the edit form ------------------------------------------------------------------------
  function typePairs() {
    var type = document.getElementById("f-event_type");
    var sub = document.getElementById("f-sub_event_type");
    if (!type || !sub) { return; }
    function filter() {
      Array.prototype.forEach.call(sub.options, function (option) {
        var fits = !option.dataset.type || option.dataset.type === type.value;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) { sub.value = ""; }
      });
    }
    type.addEventListener("change", filter);
    filter();
  }

  // A combobox: a text input and a listbox of options fetched as one types.
  function combobox(input, list, fetchOptions, label, choose) {
    var options = [];
    var active = -1;
    var timer = null;

    function render() {
      list.textContent = "";
      options.forEach(function (option, index) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + index;
        li.textContent = label(option);
        if (index === active) { li.className = "active"; li.setAttribute("aria-selected", "true"); }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
        list.appendChild(li);
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }

    function pick(index) {
      var option = options[index];
      options = [];
      active = -1;
      render();
      if (option) { choose(option); }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetchOptions(input.value.trim()).then(function (found) { options = found; active = -1; render(); });
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { active = Math.min(active + 1, options.length - 1); render(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { pick(active); event.preventDefault(); }
      else if (event.key === "Escape") { options = []; render(); }
    });
    input.addEventListener("blur", function () { setTimeout(function () { options = []; render(); }, 150); });
  }

  var GEO_PRECISION = { site: 1, town: 1, locality: 1, district: 2, governorate: 3 };

  function setValue(id, value) {
    var field = document.getElementById(id);
    if (field) { field.value = value === null || value === undefined ? "" : String(value); }
  }

  function placeAutocomplete() {
    var input = document.getElementById("f-location");
    var list = document.getElementById("place-options");
    var source = document.getElementById("f-place_source");
    if (!input || !list) { return; }
    combobox(input, list, function (text) {
      if (text.length < 2) { return Promise.resolve([]); }
      return fetch("/api/places?limit=8&q=" + encodeURIComponent(text))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { return body.items; });
    }, function (place) {
      return place.name + " (" + place.kind + (place.admin2 ? ", " + place.admin2 : "") + (place.admin1 ? ", " + place.admin1 : "") + ")";
    }, function (place) {
      input.value = place.name;
      source.value = "gazetteer";
      setValue("f-admin1_code", place.admin1_code);
      setValue("f-admin2", place.kind === "governorate" ? "" : place.admin2);
      setValue("f-latitude", place.latitude);
      setValue("f-longitude", place.longitude);
      setValue("f-geo_precision", GEO_PRECISION[place.kind] || 1);
    });
    // Typing over a picked place makes it a new place: its governorate and coordinates are needed.
    input.addEventListener("input", function () { source.value = "new"; });
  }

  function actorAutocomplete() {
    var inputs = document.querySelectorAll("input.actor");
    if (!inputs.length) { return; }
    var names = null;
    function load() {
      if (!names) {
        names = fetch("/api/actors").then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (body) { return body.items.map(function (a) { return a.name; }); });
      }
      return names;
    }
    inputs.forEach(function (input) {
      var list = document.getElementById(input.name + "-options");
      combobox(input, list, function (text) {
        var wanted = text.toLowerCase();
        return load().then(function (all) {
          return all.filter(function (n) { return wanted && n.toLowerCase().indexOf(wanted) >= 0; }).slice(0, 8);
        });
      }, function (name) { return name; }, function (name) { input.value = name; });
    });
  }

  // -- a document: choose the sentence that reports a missed event --------------------------
  function documentSentences() {
    var text = document.getElementById("document-text");
    var add = document.getElementById("add-from-sentence");
    var link = document.getElementById("add-link");
    if (!text || !add || !link) { return; }
    var sentences = Array.prototype.slice.call(text.querySelectorAll("span.sentence"));
    var chosen = -1;
    function choose(index) {
      sentences.forEach(function (s, i) { s.classList.toggle("selected", i === index); });
      chosen = index;
      link.href = "/documents/" + encodeURIComponent(text.dataset.doc) + "/add?start=" + sentences[index].dataset.start;
      add.hidden = false;
      sentences[index].focus();
    }
    sentences.forEach(function (s, index) { s.addEventListener("click", function () { choose(index); }); });
    document.addEventListener("keydown", function (event) {
      if (typing(event) || !plainKey(event) || !sentences.length) { return; }
      if (event.key === "j") { choose(Math.min(chosen + 1, sentences.length - 1)); }
      else if (event.key === "k") { choose(Math.max(chosen - 1, 0)); }
      else if ((event.key === "n" || event.key === "Enter") && chosen >= 0) { location.assign(link.href); }
      else { return; }
      event.preventDefault();
    });
  }

  reviewKeys();
  typePairs();
  placeAutocomplete();
  actorAutocomplete();
  documentSentences();
})();
