// The support button and sheet. Opening and closing happen in the browser alone, so support
// stays one tap away even when the connection to the kernel is slow or gone (S1).
function render({ model, el }) {
  el.classList.add("huddle-support-host");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "huddle-support-toggle";
  button.textContent = "Support";
  button.setAttribute("aria-haspopup", "dialog");
  el.appendChild(button);

  const sheet = document.createElement("div");
  sheet.className = "huddle-support-sheet";
  sheet.setAttribute("role", "dialog");
  sheet.setAttribute("aria-modal", "true");
  sheet.setAttribute("aria-label", "Support");
  sheet.hidden = true;
  const inner = document.createElement("div");
  inner.className = "huddle-support-inner";
  const body = document.createElement("div");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "huddle-support-close";
  close.textContent = "Close support";
  inner.append(body, close);
  sheet.appendChild(inner);
  document.body.appendChild(sheet);

  const open = (urgent) => {
    body.innerHTML = (urgent ? model.get("urgent_intro") : "") + model.get("content");
    sheet.hidden = false;
    inner.scrollTop = 0;  // the caring note and the first resources come first
    close.focus({ preventScroll: true });
  };
  const shut = () => {
    sheet.hidden = true;
    button.focus();
  };
  button.addEventListener("click", () => open(false));
  close.addEventListener("click", shut);
  sheet.addEventListener("click", (event) => { if (event.target === sheet) shut(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !sheet.hidden) shut(); });
  model.on("change:urgent_opens", () => open(true));
  model.on("change:content", () => { if (!sheet.hidden) body.innerHTML = model.get("content"); });
  return () => sheet.remove();
}

export default { render };
