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
