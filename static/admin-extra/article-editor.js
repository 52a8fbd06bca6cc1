// The article form: the rendered body beside the Markdown editor, with the photos in their
// places; the "after paragraph" selects; the photos' alt text; tag suggestions.
// The preview is rendered by the server (Markdown, then nh3), exactly as readers get it.
"use strict";
(function () {
  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function setUpBodyPreview(textarea) {
    const url = textarea.dataset.previewUrl;
    const wrapper = document.createElement("div");
    wrapper.className = "body-with-preview";
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(textarea);
    // The admin's stylesheet gives large textareas a fixed width; here the grid decides.
    textarea.style.width = "100%";
    textarea.style.boxSizing = "border-box";
    const preview = document.createElement("div");
    preview.className = "body-preview";
    preview.setAttribute("aria-live", "polite");
    const title = document.createElement("h3");
    title.className = "preview-title";
    title.textContent = textarea.dataset.previewTitle || "Preview";
    const content = document.createElement("div");
    content.className = "body-preview-content";
    preview.append(title, content);
    wrapper.appendChild(preview);
    let timer = null;
    let last = null;
    async function refresh() {
      const params = new URLSearchParams({ body: textarea.value });
      for (const [photo, position] of placedPhotos()) {
        params.append("photo", photo);
        params.append("position", position);
      }
      const key = params.toString();
      if (key === last) return;
      last = key;
      const response = await fetch(url, {
        method: "POST",
        body: params,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      // Sanitized by the server (nh3): the same markup readers get.
      content.innerHTML = data.html;
      updatePositionSelects(data.positions, data.beyond);
    }
    function refreshSoon(delay) {
      clearTimeout(timer);
      timer = setTimeout(refresh, delay);
    }
    textarea.addEventListener("input", function () { refreshSoon(400); });
    // A photo chosen or moved, a row added or removed: the preview follows.
    onChange("#article_photos-group select", function () { refreshSoon(50); });
    for (const name of ["formset:added", "formset:removed"]) {
      document.addEventListener(name, function () { refreshSoon(50); });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("#article_photos-group input[name$='-DELETE']")) refreshSoon(50);
    });
    refresh();
  }

  // The photos in the body as the form places them: [[photo id, after paragraph], ...].
  function placedPhotos() {
    const rows = document.querySelectorAll("#article_photos-group tr.form-row:not(.empty-form)");
    const placed = [];
    for (const row of rows) {
      const photo = row.querySelector("select[name$='-photo']");
      const position = row.querySelector("select[name$='-position']");
      const deleted = row.querySelector("input[name$='-DELETE']");
      if (photo && photo.value && position && !(deleted && deleted.checked)) {
        placed.push([photo.value, position.value]);
      }
    }
    return placed;
  }

  // "After paragraph" selects (the empty row's too) list the paragraphs of the body as typed.
  function updatePositionSelects(positions, beyond) {
    for (const select of document.querySelectorAll("select[data-paragraph-select]")) {
      const chosen = select.value;
      const options = positions.map(function ([value, label]) {
        return new Option(label, value, false, String(value) === chosen);
      });
      if (chosen && !positions.some(function ([value]) { return String(value) === chosen; })) {
        options.push(new Option(chosen + " — " + beyond, chosen, false, true));
      }
      select.replaceChildren(...options);
    }
  }

  // Autocomplete selects (select2) announce a choice through jQuery only.
  function onChange(selector, handler) {
    const jq = window.django && window.django.jQuery;
    if (jq) {
      jq(document).on("change", selector, handler);
    } else {
      document.addEventListener("change", function (event) {
        if (event.target.matches(selector)) handler.call(event.target, event);
      });
    }
  }

  // Alt text typed beside a photo belongs to that photo: choosing another photo empties it
  // (the server also refuses to copy text shown for one photo to another). The admin fires
  // "change" on every related select when the page loads: only a new choice counts.
  function followPhotoChoice(select, field, shownFor) {
    if (!field || !shownFor || select.value === shownFor.value) return;
    field.value = "";
    shownFor.value = select.value;
  }

  function setUpAltTextFields() {
    onChange("#id_lead_photo", function () {
      followPhotoChoice(
        this,
        document.getElementById("id_lead_photo_alt_text"),
        document.getElementById("id_lead_photo_alt_text_for"),
      );
    });
    onChange("#article_photos-group select[name$='-photo']", function () {
      const row = this.closest("tr");
      if (!row) return;
      followPhotoChoice(
        this,
        row.querySelector("input[name$='-alt_text']"),
        row.querySelector("input[name$='-alt_text_for']"),
      );
    });
  }

  function setUpTagSuggestions(input) {
    const box = document.createElement("div");
    box.className = "tag-suggestions";
    input.insertAdjacentElement("afterend", box);
    let timer = null;
    async function suggest() {
      const parts = input.value.split(",");
      const term = parts[parts.length - 1].trim();
      box.replaceChildren();
      if (term.length < 2) return;
      const params = new URLSearchParams({
        app_label: "articles", model_name: "article", field_name: "tags", term: term,
      });
      const response = await fetch(input.dataset.autocompleteUrl + "?" + params, {
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      for (const result of data.results.slice(0, 8)) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = result.text;
        button.addEventListener("click", function () {
          parts[parts.length - 1] = " " + result.text;
          input.value = parts.join(",").replace(/^\s+/, "") + ", ";
          box.replaceChildren();
          input.focus();
        });
        box.appendChild(button);
      }
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const body = document.querySelector("textarea[data-preview-url]");
    if (body) setUpBodyPreview(body);
    setUpAltTextFields();
    const tags = document.querySelector("input[data-autocomplete-url][name=tags]");
    if (tags) setUpTagSuggestions(tags);
  });
})();
