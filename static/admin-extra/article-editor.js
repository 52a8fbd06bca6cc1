// The article form: the rendered body beside the Markdown editor, and tag suggestions.
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
      if (textarea.value === last) return;
      last = textarea.value;
      const body = new URLSearchParams({ body: textarea.value });
      const response = await fetch(url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      if (response.ok) {
        // Sanitized by the server (nh3): the same markup readers get.
        content.innerHTML = await response.text();
      }
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    refresh();
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
    const tags = document.querySelector("input[data-autocomplete-url][name=tags]");
    if (tags) setUpTagSuggestions(tags);
  });
})();
