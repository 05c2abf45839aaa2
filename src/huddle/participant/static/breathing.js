// Paced breathing pacer: the circle grows on the in-breath and shrinks on the out-breath.
// The animation runs here in the browser (CSS transitions timed by setTimeout), never in Python.
const PHASES = [
  ["inhale", "Breathe in", 1.0],
  ["hold", "Hold", 1.0],
  ["exhale", "Breathe out", 0.55],
  ["hold_after", "Hold", 0.55],
];
const LIMITS = { inhale: [2, 10], hold: [0, 10], exhale: [2, 12], hold_after: [0, 10] };
const NAMES = { inhale: "In", hold: "Hold", exhale: "Out", hold_after: "Rest" };

function render({ model, el }) {
  const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  el.classList.add("huddle-pacer");
  el.innerHTML = `
    <div class="huddle-pacer-stage" aria-hidden="true"><div class="huddle-pacer-circle"></div></div>
    <p class="huddle-pacer-phase" role="status" aria-live="polite">Ready when you are</p>
    <p class="huddle-pacer-count"></p>
    <button type="button" class="huddle-pacer-start">Start</button>
    <div class="huddle-pacer-counts"></div>`;
  const circle = el.querySelector(".huddle-pacer-circle");
  const phaseText = el.querySelector(".huddle-pacer-phase");
  const countText = el.querySelector(".huddle-pacer-count");
  const start = el.querySelector(".huddle-pacer-start");
  const counts = el.querySelector(".huddle-pacer-counts");
  let timers = [];
  let running = false;

  function stop(message) {
    timers.forEach(clearTimeout);
    timers = [];
    running = false;
    start.textContent = "Start";
    circle.style.transitionDuration = "1.2s";
    circle.style.transform = "scale(0.55)";
    phaseText.textContent = message;
    countText.textContent = "";
  }

  // The rows are built once and only their numbers and disabled states change afterwards, so a
  // button pressed keeps focus; when a press disables it (the count reached its limit), focus
  // moves to the other button of its row rather than falling back to the page.
  const rows = {};
  for (const name of Object.keys(LIMITS)) {
    const row = document.createElement("div");
    row.className = "huddle-pacer-step";
    row.innerHTML = `<span>${NAMES[name]}</span>
      <button type="button" aria-label="Shorter ${NAMES[name]}">−</button>
      <strong aria-live="polite"></strong>
      <button type="button" aria-label="Longer ${NAMES[name]}">+</button>`;
    const [less, more] = row.querySelectorAll("button");
    less.onclick = () => change(name, -1);
    more.onclick = () => change(name, +1);
    rows[name] = { less, more, value: row.querySelector("strong") };
    counts.appendChild(row);
  }

  function drawCounts() {
    for (const [name, { less, more, value }] of Object.entries(rows)) {
      const seconds = model.get(name);
      value.textContent = `${seconds}s`;
      for (const [button, off, other] of [[less, seconds <= LIMITS[name][0], more], [more, seconds >= LIMITS[name][1], less]]) {
        const hadFocus = document.activeElement === button;
        button.disabled = off;
        if (off && hadFocus && !other.disabled) other.focus();
      }
    }
  }

  function change(name, step) {
    const [low, high] = LIMITS[name];
    model.set(name, Math.min(high, Math.max(low, model.get(name) + step)));
    model.save_changes();
  }

  function round(number) {
    const total = model.get("rounds");
    if (number > total) {
      model.set("completed", model.get("completed") + total);
      model.save_changes();
      stop(`Done: ${total} breaths. Notice how you feel now.`);
      return;
    }
    let at = 0;
    for (const [name, label, scale] of PHASES) {
      const seconds = model.get(name);
      if (!seconds) continue;
      timers.push(setTimeout(() => {
        phaseText.textContent = label;
        circle.style.transitionDuration = `${seconds}s`;
        if (!reduced) circle.style.transform = `scale(${scale})`;
        for (let left = seconds; left > 0; left--) {
          timers.push(setTimeout(() => { countText.textContent = `${left} · breath ${number} of ${total}`; }, (seconds - left) * 1000));
        }
      }, at * 1000));
      at += seconds;
    }
    timers.push(setTimeout(() => round(number + 1), at * 1000));
  }

  start.onclick = () => {
    if (running) { stop("Paused. Start again whenever you like."); return; }
    running = true;
    start.textContent = "Stop";
    round(1);
  };
  for (const name of Object.keys(LIMITS)) model.on(`change:${name}`, drawCounts);
  drawCounts();
  circle.style.transform = "scale(0.55)";
  return () => timers.forEach(clearTimeout);
}

export default { render };
