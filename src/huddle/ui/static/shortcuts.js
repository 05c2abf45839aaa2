// Single-key shortcuts: a key clicks the visible button that carries its class. A switch turns
// them off (WCAG 2.1.4); its state is kept in this browser only.
const STORE = "huddle-shortcuts";
// The help line's words come translated from the kernel (the "labels" trait); this is the fallback.
const FALLBACK = { shortcuts: "Keyboard shortcuts: {keys}" };
let shortcutLists = 0;

function render({ model, el }) {
  const id = `huddle-shortcuts-${++shortcutLists}`;
  el.classList.add("huddle-shortcuts");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = id;
  let on = true;
  try { on = localStorage.getItem(STORE) !== "off"; } catch (error) { /* storage blocked: keep them on */ }
  box.checked = on;
  const label = document.createElement("label");
  label.htmlFor = id;
  let keys = model.get("bindings");
  const describe = () => {
    keys = model.get("bindings");
    const described = Object.entries(keys).map(([key, { does }]) => `${key.toUpperCase()} ${does}`).join(" · ");
    const template = (model.get("labels") || {}).shortcuts || FALLBACK.shortcuts;
    label.textContent = template.replace("{keys}", described);
  };
  describe();
  model.on("change:labels", describe);
  model.on("change:bindings", describe);
  el.append(box, label);
  box.addEventListener("change", () => {
    on = box.checked;
    try { localStorage.setItem(STORE, on ? "on" : "off"); } catch (error) { /* not kept: fine */ }
  });

  const typing = (target) => target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  const onKey = (event) => {
    if (!on || event.ctrlKey || event.altKey || event.metaKey || event.repeat || typing(event.target)) return;
    const wanted = keys[event.key.toLowerCase()];
    if (!wanted) return;
    const button = [...document.querySelectorAll(`.${wanted.target}`)].find((node) => node.getClientRects().length > 0 && !node.disabled);
    if (!button) return;
    event.preventDefault();
    button.click();
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}

export default { render };
