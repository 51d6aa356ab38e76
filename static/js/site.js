// Site-wide behaviour, progressive: every page works without it.
// The phone menu: a disclosure button (aria-expanded) that shows and hides the main
// navigation below 60em; Escape closes it and returns focus to the button.

function setUpMenu() {
  const toggle = document.querySelector("[data-nav-toggle]");
  if (!toggle) return;
  const nav = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!nav) return;

  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  };

  toggle.addEventListener("click", () => {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
}

setUpMenu();

// A form that came back with errors: move focus to its error summary (role="alert",
// tabindex="-1", components/_form_errors.html) so keyboard and screen-reader users start
// there; each entry links to its field.
function focusErrorSummary() {
  const summary = document.querySelector(".form-errors[tabindex]");
  if (summary) summary.focus();
}

focusErrorSummary();

// A table wider than its wrapper scrolls sideways: make the wrapper reachable with the
// keyboard (tabindex=0) and name it after the table's caption, so keyboard users can
// scroll it with the arrow keys (WCAG 2.1.1; axe "scrollable-region-focusable"). Pages
// may mark the wrapper themselves; this covers every page that does not.
function makeWideTablesFocusable() {
  for (const wrap of document.querySelectorAll(".table-wrap:not([tabindex])")) {
    if (wrap.scrollWidth <= wrap.clientWidth) continue;
    wrap.tabIndex = 0;
    if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
    const caption = wrap.querySelector("caption");
    if (caption && !wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
      wrap.setAttribute("aria-label", caption.textContent.trim());
    }
  }
}

makeWideTablesFocusable();
window.addEventListener("resize", makeWideTablesFocusable);
