// The support button and sheet. Opening and closing happen in the browser alone, so support
// stays one tap away even when the connection to the kernel is slow or gone (S1).
//
// The sheet is a modal dialog: focus starts on its heading, Tab and Shift+Tab stay inside it,
// Escape (or the close control at its top, or a tap outside it) closes it and puts focus back
// on the Support button.
let sheets = 0;
const REGION_KEY = "huddle-support-region";

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
// The sheet's own words come translated from the kernel (the "labels" trait); these are only
// what it says before they arrive.
const FALLBACK = { support: "Support", close_support: "Close support", close: "Close", back: "Back to the session" };

function render({ model, el }) {
  el.classList.add("huddle-support-host");
  const id = `huddle-support-${++sheets}`;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "huddle-support-toggle";
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", id);
  el.appendChild(button);

  const sheet = document.createElement("div");
  sheet.id = id;
  sheet.className = "huddle-support-sheet";
  sheet.setAttribute("role", "dialog");
  sheet.setAttribute("aria-modal", "true");
  sheet.setAttribute("aria-labelledby", `${id}-heading`);
  sheet.hidden = true;
  const inner = document.createElement("div");
  inner.className = "huddle-support-inner";

  // The top bar stays in view while the list scrolls: closing is always one tap away.
  const top = document.createElement("div");
  top.className = "huddle-support-top";
  const heading = document.createElement("h2");
  heading.id = `${id}-heading`;
  heading.tabIndex = -1;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "huddle-support-close-top";
  const cross = document.createElement("span");
  cross.setAttribute("aria-hidden", "true");
  cross.textContent = "✕";
  const closeWord = document.createTextNode("");
  close.append(cross, closeWord);
  top.append(heading, close);

  const body = document.createElement("div");
  body.className = "huddle-support-body";
  const back = document.createElement("button");
  back.type = "button";
  back.className = "huddle-support-close";
  inner.append(top, body, back);
  sheet.appendChild(inner);
  document.body.appendChild(sheet);

  const label = (name) => (model.get("labels") || {})[name] || FALLBACK[name];
  const relabel = () => {
    button.textContent = label("support");
    heading.textContent = label("support");
    close.setAttribute("aria-label", label("close_support"));
    closeWord.textContent = ` ${label("close")}`;
    back.textContent = label("back");
  };
  relabel();

  // A list covering several regions carries a "Where are you?" chooser: the choice (from the
  // link, else the last one made in this browser) hides other regions' entries, here only.
  const narrow = () => {
    const choice = body.querySelector("select.huddle-region");
    if (!choice) return;
    const filter = () => {
      const region = choice.value;
      for (const item of body.querySelectorAll("li[data-regions]")) {
        const codes = item.dataset.regions.split(" ");
        item.hidden = Boolean(region) && !codes.includes(region) && !codes.includes("any");
      }
    };
    let kept = "";
    try { kept = localStorage.getItem(REGION_KEY) || ""; } catch (error) { /* storage blocked: choose again */ }
    const wanted = model.get("region") || kept;
    if ([...choice.options].some((option) => option.value === wanted)) choice.value = wanted;
    choice.addEventListener("change", () => {
      try { localStorage.setItem(REGION_KEY, choice.value); } catch (error) { /* not kept: fine */ }
      filter();
    });
    filter();
  };
  const fill = (urgent) => {
    body.innerHTML = (urgent ? model.get("urgent_intro") : "") + model.get("content");
    narrow();
  };
  const open = (urgent) => {
    fill(urgent);
    sheet.hidden = false;
    button.setAttribute("aria-expanded", "true");
    inner.scrollTop = 0; // the caring note and the first resources come first
    heading.focus({ preventScroll: true });
  };
  const shut = () => {
    if (sheet.hidden) return;
    sheet.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  const focusables = () => [...inner.querySelectorAll(FOCUSABLE)].filter((node) => node.getClientRects().length > 0);

  const onKey = (event) => {
    if (sheet.hidden) return;
    if (event.key === "Escape") {
      event.preventDefault();
      shut();
      return;
    }
    if (event.key !== "Tab") return;
    // Keep Tab inside the dialog: past the last control back to the first, and the other way.
    const nodes = focusables();
    if (!nodes.length) return;
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    const here = document.activeElement;
    if (!inner.contains(here)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && (here === first || here === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && here === last) {
      event.preventDefault();
      first.focus();
    }
  };
  // Focus that gets out anyway (a screen reader's own keys, a click on the page behind) is
  // brought back to the sheet's heading.
  const onFocusIn = (event) => {
    if (!sheet.hidden && !sheet.contains(event.target)) heading.focus({ preventScroll: true });
  };

  button.addEventListener("click", () => open(false));
  close.addEventListener("click", shut);
  back.addEventListener("click", shut);
  sheet.addEventListener("click", (event) => { if (event.target === sheet) shut(); });
  document.addEventListener("keydown", onKey);
  document.addEventListener("focusin", onFocusIn);
  model.on("change:urgent_opens", () => open(true));
  model.on("change:content", () => {
    if (!sheet.hidden) fill(Boolean(body.querySelector(".huddle-urgent")));
  });
  model.on("change:region", () => { if (!sheet.hidden) fill(Boolean(body.querySelector(".huddle-urgent"))); });
  model.on("change:labels", relabel);
  return () => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("focusin", onFocusIn);
    sheet.remove();
  };
}

export default { render };
