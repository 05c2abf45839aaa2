// Presence: the participant's anonymous token (kept in this browser), the page's own query
// string, and a heartbeat that tells the participant when the page has lost its kernel.
const TOKEN_KEY = "huddle-participant";
const LANGUAGE_KEY = "huddle-language";

function storedLanguage() {
  try {
    const chosen = window.localStorage.getItem(LANGUAGE_KEY) || "";
    return /^[a-z]{2,3}$/.test(chosen) ? chosen : "";
  } catch (error) {
    return "";
  }
}
const PING_EVERY_MS = 3000;
const LOST_AFTER_MS = 9000;

function newToken() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function storedToken() {
  try {
    let token = window.localStorage.getItem(TOKEN_KEY);
    if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      token = newToken();
      window.localStorage.setItem(TOKEN_KEY, token);
    }
    return token;
  } catch (error) {
    // Private browsing can refuse storage: the token then lasts as long as the page.
    return newToken();
  }
}

// The banner's words come translated from the kernel (the "labels" trait), sent while it is
// still there; these are fallbacks.
const FALLBACK = {
  lost: "Connection lost.",
  reload_to_carry_on: "Reload this page to carry on: your answers are kept.",
  support_still_there: "Support is still at the top of the page.",
  reload: "Reload",
};

function render({ model, el }) {
  el.classList.add("huddle-presence");
  const label = (name) => (model.get("labels") || {})[name] || FALLBACK[name];
  const banner = document.createElement("div");
  banner.className = "huddle-lost";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  banner.innerHTML = "<strong></strong> <span></span> <span></span> <button type='button'></button>";
  const relabel = () => {
    const [lost, carryOn, support] = banner.querySelectorAll("strong, span");
    lost.textContent = label("lost");
    carryOn.textContent = label("reload_to_carry_on");
    support.textContent = label("support_still_there");
    banner.querySelector("button").textContent = label("reload");
  };
  relabel();
  model.on("change:labels", relabel);
  banner.querySelector("button").addEventListener("click", () => window.location.reload());
  document.body.appendChild(banner);

  let lastPong = Date.now();
  model.on("msg:custom", (message) => {
    if (message && message.type === "pong") {
      lastPong = Date.now();
      banner.hidden = true;
      document.body.classList.remove("huddle-offline");
    }
  });
  const timer = setInterval(() => {
    try {
      model.send({ type: "ping" });
    } catch (error) {
      /* the comm is gone; the check below shows the banner */
    }
    if (Date.now() - lastPong > LOST_AFTER_MS) {
      banner.hidden = false;
      document.body.classList.add("huddle-offline");
    }
  }, PING_EVERY_MS);

  // The browser's languages, and the one chosen on this page before (kept in this browser only).
  model.set("languages", Array.from(navigator.languages || [navigator.language || "en"]).slice(0, 10));
  model.set("language", storedLanguage());
  model.on("change:language", () => {
    const chosen = model.get("language");
    if (!chosen) return;
    document.documentElement.lang = chosen;
    // Only a participant's own choice is kept; a facilitator's or projector's page follows its browser.
    if (!model.get("remember")) return;
    try { window.localStorage.setItem(LANGUAGE_KEY, chosen); } catch (error) { /* private browsing */ }
  });
  model.set("token", storedToken());
  model.set("query", window.location.search || "");
  model.set("href", window.location.origin + window.location.pathname);
  model.save_changes();
  return () => {
    clearInterval(timer);
    banner.remove();
  };
}

export default { render };
