// The share link page: the link is selected when its field gets focus, ready to copy.
// (A file, not an onfocus attribute: the admin's Content-Security-Policy runs no inline script.)
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const field = document.getElementById("share-url");
  if (field) field.addEventListener("focus", function () { field.select(); });
});
