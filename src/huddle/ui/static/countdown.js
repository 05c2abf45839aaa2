// A countdown that ticks in the browser, so the kernel sends one number, not one per second.
function format(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// The words come translated from the kernel (the "labels" trait); these are fallbacks.
const FALLBACK = { left: "⏱ {time} left", up: "⏱ Time is up" };

function render({ model, el }) {
  const label = (name) => (model.get("labels") || {})[name] || FALLBACK[name];
  el.classList.add("huddle-countdown-host");
  const span = document.createElement("p");
  span.className = "huddle-timer";
  span.setAttribute("role", "timer");
  el.appendChild(span);
  let endsAt = 0;
  const sync = () => {
    const remaining = model.get("remaining");
    endsAt = remaining > 0 ? Date.now() + remaining * 1000 : 0;
    tick();
  };
  const tick = () => {
    if (!endsAt) {
      span.textContent = "";
      span.hidden = true;
      return;
    }
    span.hidden = false;
    const left = (endsAt - Date.now()) / 1000;
    span.textContent = left > 0 ? label("left").replace("{time}", format(left)) : label("up");
  };
  model.on("change:remaining", sync);
  model.on("change:stamp", sync);
  model.on("change:labels", tick);
  sync();
  const timer = setInterval(tick, 500);
  return () => clearInterval(timer);
}

export default { render };
