// Support console: open photo thumbnails large in a dialog. Without JavaScript the link opens the
// large photo on its own page, so this only makes the same thing quicker.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.photo-link");
    var dialog = document.getElementById("photo-dialog");
    if (!link || !dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    var img = document.getElementById("photo-dialog-img");
    img.src = link.href;
    img.alt = link.querySelector("img") ? link.querySelector("img").alt : "";
    document.getElementById("photo-dialog-caption").textContent = link.getAttribute("data-caption") || "";
    dialog.showModal();
  });
})();
