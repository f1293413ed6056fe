/*
 * Herald's page behaviour. Loaded from our own origin (CSP: script-src 'self'), so nothing is
 * ever inline in the templates. Keep it small: business logic belongs on the server.
 *
 *   [data-nav-toggle][aria-controls=ID]  opens/closes the element #ID (adds .is-open to it and
 *                                        .nav-open to <body>); Escape and [data-nav-close] close.
 *   [data-dismiss]                       removes its closest [data-dismissible] ancestor.
 */
(function () {
  "use strict";

  function setOpen(toggle, open) {
    var target = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!target) return;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    target.classList.toggle("is-open", open);
    document.body.classList.toggle("nav-open", open);
    document.querySelectorAll("[data-nav-close]").forEach(function (el) {
      el.hidden = !open;
    });
  }

  function closeAll() {
    document.querySelectorAll("[data-nav-toggle][aria-expanded=true]").forEach(function (t) {
      setOpen(t, false);
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    // Following a link inside an open menu (e.g. "#pricing") closes the menu.
    if (event.target.closest("[data-nav-close], .is-open a[href]")) {
      closeAll();
      return;
    }
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      var box = dismiss.closest("[data-dismissible]");
      if (box) box.remove();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeAll();
  });

  // Leaving the small-screen layout with the drawer open must not leave the page locked.
  window.addEventListener("resize", function () {
    if (window.innerWidth > 1024) closeAll();
  });
})();
