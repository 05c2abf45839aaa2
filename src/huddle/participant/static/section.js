// A section's heading drawn as <hN><button aria-expanded>: the button opens and closes the
// section (Python shows or hides its body), and a screen reader hears the heading and its state.
function render({ model, el }) {
  el.classList.add("huddle-section-head");
  const heading = document.createElement("h" + Math.min(6, Math.max(2, model.get("level") || 2)));
  heading.className = "huddle-section-heading";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "huddle-section-toggle";
  const label = document.createElement("span");
  label.className = "huddle-section-title";
  const marker = document.createElement("span");
  marker.className = "huddle-section-marker";
  marker.setAttribute("aria-hidden", "true");
  button.append(label, marker);
  heading.appendChild(button);
  el.appendChild(heading);

  const draw = () => {
    const open = Boolean(model.get("expanded"));
    label.textContent = model.get("title");
    button.setAttribute("aria-expanded", String(open));
    marker.textContent = open ? "−" : "+";
  };
  button.addEventListener("click", () => {
    model.set("expanded", !model.get("expanded"));
    model.save_changes();
    draw();  // at once, without waiting for the kernel
  });
  model.on("change:expanded", draw);
  model.on("change:title", draw);
  model.on("change:focus_requests", () => {
    // The focus moves after the kernel has opened the section, so its heading lands at the top.
    requestAnimationFrame(() => {
      button.focus({ preventScroll: true });
      const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      heading.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    });
  });
  draw();
}

export default { render };
