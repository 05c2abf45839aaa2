// Presence: the participant's anonymous token (kept in this browser), the page's own query
// string, and a heartbeat that tells the participant when the page has lost its kernel.
const TOKEN_KEY = "huddle-participant";
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

function render({ model, el }) {
  el.classList.add("huddle-presence");
  const banner = document.createElement("div");
  banner.className = "huddle-lost";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  banner.innerHTML =
    "<strong>Connection lost.</strong> Reload this page to carry on: your answers are kept." +
    " Support is still at the top of the page." +
    " <button type='button'>Reload</button>";
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
