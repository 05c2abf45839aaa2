// What ipywidgets cannot say by itself about the answer widgets and exercises, added in the page:
// names for groups of options, the pressed state of toggle buttons, names for arrow-only buttons,
// and focus that stays with the control a person pressed when the kernel redraws it.
//
// ipywidgets redraws views whenever the kernel changes them (a ranking press rebuilds its rows),
// so nothing here is done once: one observer per page re-applies the attributes after every change.
// Python asks for these through CSS classes only (the one thing it can put on any widget):
//   huddle-labelledby--ID   the widget is a group (a radiogroup for radio buttons) named by element #ID;
//                           on a text widget, its box is named by #ID
//   huddle-name-from-tooltip the button's name is its tooltip (for "▲" meaning "Move Rest up")
//   huddle-lang--TAG        the widget's text is in language TAG, not the page's (lang="TAG"); on
//                           a radio group, every option but the last (the page's own "Skip")
//   huddle-live             an HTML widget whose changing text is announced politely
//   huddle-disclosure       a toggle button that shows or hides the part after it: it says
//                           whether that part is expanded (aria-expanded), not pressed
//   huddle-answer, huddle-exercise  scopes in which focus is kept after a press
const LABELLED = "huddle-labelledby--";
const LANG = "huddle-lang--";
const SCOPES = ".huddle-answer, .huddle-exercise";

function labelTarget(el) {
  // A text widget's name belongs on its box, not on the wrapper around label and box.
  return el.querySelector(":scope > input, :scope > textarea") || el;
}

function enhance(root) {
  for (const el of root.querySelectorAll(`[class*="${LABELLED}"]`)) {
    const token = [...el.classList].find((name) => name.startsWith(LABELLED));
    const target = labelTarget(el);
    const id = token.slice(LABELLED.length);
    if (target.getAttribute("aria-labelledby") !== id) target.setAttribute("aria-labelledby", id);
    if (target === el && !el.hasAttribute("role")) el.setAttribute("role", el.classList.contains("widget-radio") ? "radiogroup" : "group");
    if (el.classList.contains("widget-radio")) {
      // One name for the radios makes them one group for the keyboard too: Tab in, arrows to move.
      for (const radio of el.querySelectorAll("input[type=radio]")) if (radio.name !== id) radio.name = id;
    }
  }
  for (const button of root.querySelectorAll(".huddle-app button.widget-toggle-button")) {
    const on = String(button.classList.contains("mod-active"));
    const state = button.classList.contains("huddle-disclosure") ? "aria-expanded" : "aria-pressed";
    if (button.getAttribute(state) !== on) button.setAttribute(state, on);
  }
  for (const el of root.querySelectorAll(`[class*="${LANG}"]`)) {
    const token = [...el.classList].find((name) => name.startsWith(LANG));
    const tag = token.slice(LANG.length);
    // A radio group's last option is the page's own "Skip", in the page's language.
    const labels = el.classList.contains("widget-radio") ? [...el.querySelectorAll(".widget-radio-box label")].slice(0, -1) : [el];
    for (const part of labels) if (part.getAttribute("lang") !== tag) part.setAttribute("lang", tag);
  }
  for (const live of root.querySelectorAll(".huddle-live > .widget-html-content")) {
    // On the part that stays when the text changes, so the change itself is announced.
    if (live.getAttribute("role") !== "status") live.setAttribute("role", "status");
  }
  for (const button of root.querySelectorAll("button.huddle-name-from-tooltip")) {
    const name = button.getAttribute("title");
    if (name && button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
  }
}

// Focus kept after a press: the button pressed is remembered by its name; when the kernel's
// redraw takes it away (removed, disabled, hidden or renamed), focus goes to the button with the same name,
// else to the nearest usable button beside it, instead of falling back to the page body.
let pressed = null;

function nameOf(el) {
  return el.getAttribute("aria-label") || el.getAttribute("title") || el.textContent.trim();
}

function usable(el) {
  return el && el.isConnected && !el.disabled && el.getClientRects().length > 0;
}

function remember(event) {
  const button = event.target.closest && event.target.closest("button");
  const scope = button && button.closest(SCOPES);
  pressed = scope ? { button, scope, row: button.parentElement, name: nameOf(button), until: Date.now() + 5000 } : null;
}

function restore() {
  if (!pressed || Date.now() > pressed.until) { pressed = null; return; }
  const active = document.activeElement;
  if (active && active !== document.body && active !== pressed.button) { pressed = null; return; }  // the person moved on
  // Nothing taken away (yet): the button is still there, and still the same control (a
  // ranking's arrows stay in place and take the name of the option moved into their row).
  if (usable(pressed.button) && active === pressed.button && nameOf(pressed.button) === pressed.name) return;
  const scope = pressed.scope.isConnected ? pressed.scope : document;
  const buttons = [...scope.querySelectorAll("button")];
  const same = buttons.find((b) => b !== pressed.button && nameOf(b) === pressed.name);
  const row = same ? same.parentElement : pressed.row;
  const candidates = [same, ...(row && row.isConnected ? row.querySelectorAll("button") : [])];
  // A row with one button (a question's upvote, disabled once used): the next usable button in
  // the scope, else the one before it.
  const anchor = same || (pressed.button.isConnected ? pressed.button : null);
  const at = anchor ? buttons.indexOf(anchor) : -1;
  if (at >= 0) candidates.push(...buttons.slice(at + 1), ...buttons.slice(0, at).reverse());
  const next = candidates.find(usable);
  if (next) {
    next.focus();
    pressed = { ...pressed, button: next, row: next.parentElement };
  }
}

function install() {
  if (window.__huddleAria) return;
  window.__huddleAria = true;
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; enhance(document); restore(); });
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "disabled", "style", "title"] });
  document.addEventListener("click", remember, true);
  enhance(document);
}

function render({ el }) {
  el.classList.add("huddle-aria-helper");
  install();
  enhance(document);
}

export default { render };
