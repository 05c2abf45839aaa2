// Paced breathing pacer: the circle grows on the in-breath and shrinks on the out-breath.
// The animation runs here in the browser (CSS transitions timed by setTimeout), never in Python.
// Every word shown comes translated from the kernel (the "labels" trait, with "{name}"-style
// placeholders filled here); these English ones are only fallbacks.
const PHASES = [
  ["inhale", "phase_inhale", 1.0],
  ["hold", "phase_hold", 1.0],
  ["exhale", "phase_exhale", 0.55],
  ["hold_after", "phase_hold", 0.55],
];
const LIMITS = { inhale: [2, 10], hold: [0, 10], exhale: [2, 12], hold_after: [0, 10] };
const FALLBACK = {
  phase_inhale: "Breathe in", phase_hold: "Hold", phase_exhale: "Breathe out",
  name_inhale: "In", name_hold: "Hold", name_exhale: "Out", name_hold_after: "Rest",
  shorter: "Shorter {name}", longer: "Longer {name}", seconds: "{seconds}s",
  ready: "Ready when you are", start: "Start", stop: "Stop",
  count: "{left} · breath {number} of {total}",
  done: "Done: {total} breaths. Notice how you feel now.",
  paused: "Paused. Start again whenever you like.",
};

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function render({ model, el }) {
  const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const label = (name, values = {}) => fill((model.get("labels") || {})[name] || FALLBACK[name], values);
  el.classList.add("huddle-pacer");
  el.innerHTML = `
    <div class="huddle-pacer-stage" aria-hidden="true"><div class="huddle-pacer-circle"></div></div>
    <p class="huddle-pacer-phase" role="status" aria-live="polite"></p>
    <p class="huddle-pacer-count"></p>
    <button type="button" class="huddle-pacer-start"></button>
    <div class="huddle-pacer-counts"></div>`;
  const circle = el.querySelector(".huddle-pacer-circle");
  const phaseText = el.querySelector(".huddle-pacer-phase");
  const countText = el.querySelector(".huddle-pacer-count");
  const start = el.querySelector(".huddle-pacer-start");
  const counts = el.querySelector(".huddle-pacer-counts");
  let timers = [];
  let running = false;
  // What the phase line says, as a label name and its values, so a change of language can say
  // it again; the start button follows ``running``.
  let saying = ["ready", {}];
  const say = (name, values = {}) => { saying = [name, values]; phaseText.textContent = label(name, values); };
  start.textContent = label("start");
  say("ready");

  function stop(message, values) {
    timers.forEach(clearTimeout);
    timers = [];
    running = false;
    start.textContent = label("start");
    circle.style.transitionDuration = "1.2s";
    circle.style.transform = "scale(0.55)";
    say(message, values);
    countText.textContent = "";
  }

  // The rows are built once and only their numbers and disabled states change afterwards, so a
  // button pressed keeps focus; when a press disables it (the count reached its limit), focus
  // moves to the other button of its row rather than falling back to the page.
  const rows = {};
  for (const name of Object.keys(LIMITS)) {
    const row = document.createElement("div");
    row.className = "huddle-pacer-step";
    row.innerHTML = `<span></span>
      <button type="button">−</button>
      <strong aria-live="polite"></strong>
      <button type="button">+</button>`;
    const [less, more] = row.querySelectorAll("button");
    less.onclick = () => change(name, -1);
    more.onclick = () => change(name, +1);
    rows[name] = { less, more, value: row.querySelector("strong"), title: row.querySelector("span") };
    counts.appendChild(row);
  }

  function drawNames() {
    for (const [name, { less, more, title }] of Object.entries(rows)) {
      const said = label(`name_${name}`);
      title.textContent = said;
      less.setAttribute("aria-label", label("shorter", { name: said }));
      more.setAttribute("aria-label", label("longer", { name: said }));
    }
  }

  function drawCounts() {
    for (const [name, { less, more, value }] of Object.entries(rows)) {
      const seconds = model.get(name);
      value.textContent = label("seconds", { seconds });
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
      stop("done", { total });
      return;
    }
    let at = 0;
    for (const [name, phase, scale] of PHASES) {
      const seconds = model.get(name);
      if (!seconds) continue;
      timers.push(setTimeout(() => {
        say(phase);
        circle.style.transitionDuration = `${seconds}s`;
        if (!reduced) circle.style.transform = `scale(${scale})`;
        for (let left = seconds; left > 0; left--) {
          timers.push(setTimeout(() => { countText.textContent = label("count", { left, number, total }); }, (seconds - left) * 1000));
        }
      }, at * 1000));
      at += seconds;
    }
    timers.push(setTimeout(() => round(number + 1), at * 1000));
  }

  start.onclick = () => {
    if (running) { stop("paused"); return; }
    running = true;
    start.textContent = label("stop");
    round(1);
  };
  for (const name of Object.keys(LIMITS)) model.on(`change:${name}`, drawCounts);
  model.on("change:labels", () => {
    start.textContent = label(running ? "stop" : "start");
    phaseText.textContent = label(...saying);
    drawNames();
    drawCounts();
  });
  drawNames();
  drawCounts();
  circle.style.transform = "scale(0.55)";
  return () => timers.forEach(clearTimeout);
}

export default { render };
