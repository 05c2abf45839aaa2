// The page around the screens: the tab's title, focus on a new screen's heading, and the one
// polite live region of the page. Nothing of it is drawn.
const LIVE_ID = "huddle-live";
const GIVE_UP_MS = 10000;

// One live region for the whole page, outside every widget: a region created together with its
// text is often not read, and one that is redrawn stops being listened to.
function liveRegion() {
  let region = document.getElementById(LIVE_ID);
  if (!region) {
    region = document.createElement("div");
    region.id = LIVE_ID;
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    region.setAttribute("data-huddle-live", "");
    Object.assign(region.style, {
      position: "absolute", width: "1px", height: "1px", margin: "-1px", padding: "0", border: "0",
      overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap",
    });
    document.body.appendChild(region);
  }
  return region;
}

function render({ model, el }) {
  el.classList.add("huddle-page-guide");
  el.hidden = true;
  const region = liveRegion();

  const showTitle = () => {
    const title = model.get("title");
    if (title) document.title = title;
  };

  // The heading arrives with the new screen's widgets, which may be drawn after this message:
  // wait for it to be in the page, then focus it.
  let watching = null;
  const stopWatching = () => {
    if (watching) {
      watching.observer.disconnect();
      clearTimeout(watching.timer);
      watching = null;
    }
  };
  const focusHeading = () => {
    stopWatching();
    const marker = model.get("focus");
    if (!marker) return;
    const attempt = () => {
      const heading = document.querySelector(`[data-huddle-heading="${CSS.escape(marker)}"]`);
      if (!heading) return false;
      // The support sheet is a modal dialog: while it is open, focus stays inside it.
      if (!document.querySelector(".huddle-support-sheet:not([hidden])")) heading.focus();
      return true;
    };
    if (attempt()) return;
    const observer = new MutationObserver(() => { if (attempt()) stopWatching(); });
    observer.observe(document.body, { childList: true, subtree: true });
    watching = { observer, timer: setTimeout(stopWatching, GIVE_UP_MS) };
  };

  let pending = null;
  const announce = () => {
    const text = model.get("announcement");
    clearTimeout(pending);
    // Emptied, then filled a moment later: the same words twice are still a change to read.
    region.textContent = "";
    pending = setTimeout(() => { region.textContent = text; }, 150);
  };

  model.on("change:title", showTitle);
  model.on("change:focus", focusHeading);
  model.on("change:announcements", announce);
  showTitle();
  // A screen drawn before this view existed (the first one): focus it unless the person has
  // already moved focus somewhere themselves.
  if (document.activeElement === document.body || document.activeElement === null) focusHeading();
  return () => {
    stopWatching();
    clearTimeout(pending);
  };
}

export default { render };
