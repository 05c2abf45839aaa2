// "Download what I wrote": asks the kernel for the text, then saves it as a file in the browser.
// Nothing goes to the workshop server: the text travels only between this page and its kernel.
function render({ model, el }) {
  el.classList.add("huddle-download-host");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "huddle-download";
  button.textContent = model.get("label");
  model.on("change:label", () => { button.textContent = model.get("label"); });
  button.onclick = () => model.send({ type: "request" });
  const said = document.createElement("span");
  said.className = "huddle-download-said";
  said.setAttribute("role", "status");
  model.on("msg:custom", (message) => {
    if (message.type === "failed") { said.textContent = message.message; return; }
    if (message.type !== "file") return;
    said.textContent = "";
    const blob = new Blob([message.content], { type: model.get("mime") || "text/markdown;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = message.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
  el.appendChild(button);
  el.appendChild(said);
}

export default { render };
