// Opt-in drafts kept in this browser's localStorage, so a reload does not lose a journal.
// Nothing here talks to any server: the text goes only between this page, its kernel and the
// browser's own storage, and "Forget" removes it from the device.
function render({ model, el }) {
  const key = model.get("storage_key");
  const flag = `${key}:keep`;
  const read = () => { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch { return {}; } };
  el.classList.add("huddle-drafts");
  el.innerHTML = `
    <label class="huddle-drafts-keep"><input type="checkbox"> Keep a draft of what I write in this browser, so a reload does not lose it</label>
    <p class="huddle-drafts-note">Only on this device, never sent anywhere. On a shared computer, leave this off or press Forget when you finish.</p>
    <button type="button" class="huddle-drafts-forget">Forget my draft on this device</button>
    <p class="huddle-drafts-status" role="status"></p>`;
  const box = el.querySelector("input");
  const status = el.querySelector(".huddle-drafts-status");
  const forget = el.querySelector(".huddle-drafts-forget");

  function save() {
    if (model.get("keep")) localStorage.setItem(key, JSON.stringify(model.get("drafts")));
  }
  box.onchange = () => {
    model.set("keep", box.checked);
    model.save_changes();
    if (box.checked) { localStorage.setItem(flag, "1"); save(); status.textContent = "Drafts are kept in this browser."; }
    else { localStorage.removeItem(flag); localStorage.removeItem(key); status.textContent = "Drafts are no longer kept."; }
  };
  forget.onclick = () => {
    localStorage.removeItem(key);
    localStorage.removeItem(flag);
    box.checked = false;
    model.set("keep", false);
    model.save_changes();
    status.textContent = "Your draft was removed from this device.";
  };
  model.on("change:drafts", save);
  if (localStorage.getItem(flag) === "1") {
    box.checked = true;
    model.set("keep", true);
    model.set("restored", read());
    model.save_changes();
    status.textContent = "Your draft from earlier was brought back.";
  }
}

export default { render };
