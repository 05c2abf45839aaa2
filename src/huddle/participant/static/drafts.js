// Opt-in drafts kept in this browser's localStorage, so a reload does not lose a journal.
// Nothing here talks to any server: the text goes only between this page, its kernel and the
// browser's own storage, and "Forget" removes it from the device.
//
// Its words come translated from the kernel (the "labels" trait); these are the fallbacks.
const FALLBACK = {
  keep: "Keep a draft of what I write in this browser, so a reload does not lose it",
  note: "Only on this device, never sent anywhere. On a shared computer, leave this off or press Forget when you finish.",
  forget: "Forget my draft on this device",
  kept: "Drafts are kept in this browser.",
  not_kept: "Drafts are no longer kept.",
  removed: "Your draft was removed from this device.",
  restored: "Your draft from earlier was brought back.",
};

function render({ model, el }) {
  const key = model.get("storage_key");
  const flag = `${key}:keep`;
  const read = () => { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch { return {}; } };
  el.classList.add("huddle-drafts");
  el.innerHTML = `
    <label class="huddle-drafts-keep"><input type="checkbox"> <span></span></label>
    <p class="huddle-drafts-note"></p>
    <button type="button" class="huddle-drafts-forget"></button>
    <p class="huddle-drafts-status" role="status"></p>`;
  const box = el.querySelector("input");
  const status = el.querySelector(".huddle-drafts-status");
  const forget = el.querySelector(".huddle-drafts-forget");
  const label = (name) => (model.get("labels") || {})[name] || FALLBACK[name];
  // The last status said, by name, so a change of language says it again in the new one.
  let said = "";
  const say = (name) => { said = name; status.textContent = label(name); };
  const relabel = () => {
    el.querySelector(".huddle-drafts-keep > span").textContent = label("keep");
    el.querySelector(".huddle-drafts-note").textContent = label("note");
    forget.textContent = label("forget");
    if (said) status.textContent = label(said);
  };
  relabel();
  model.on("change:labels", relabel);

  function save() {
    if (model.get("keep")) localStorage.setItem(key, JSON.stringify(model.get("drafts")));
  }
  box.onchange = () => {
    model.set("keep", box.checked);
    model.save_changes();
    if (box.checked) { localStorage.setItem(flag, "1"); save(); say("kept"); }
    else { localStorage.removeItem(flag); localStorage.removeItem(key); say("not_kept"); }
  };
  forget.onclick = () => {
    localStorage.removeItem(key);
    localStorage.removeItem(flag);
    box.checked = false;
    model.set("keep", false);
    model.save_changes();
    say("removed");
  };
  model.on("change:drafts", save);
  if (localStorage.getItem(flag) === "1") {
    box.checked = true;
    model.set("keep", true);
    model.set("restored", read());
    model.save_changes();
    say("restored");
  }
}

export default { render };
