// Payband's chat page. Everything the user types and everything a reply holds is put on the page
// with textContent and DOM nodes, never parsed as HTML. Talks only to its own origin (see the CSP).
(() => {
  "use strict";

  const ENDPOINT = "webhook"; // POST /webhooks/web/webhook, relative to this page
  const TIMEOUT_MS = 60000;
  const KEPT_ENTRIES = 80; // the transcript kept for a reload: the last this many messages
  const KEY_ID = "payband.conversation";
  const KEY_LOG = "payband.transcript";
  const UNREACHABLE = "Payband can't be reached right now, so your message was not sent. Check that it is still running (make web), then send it again.";
  const TOO_SLOW = "Payband took too long to answer. Please send your message again.";
  const NO_ANSWER = "No answer came back. Please try again.";

  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const box = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const typing = document.getElementById("typing");
  const status = document.getElementById("status");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  let choices = []; // the latest reply's buttons, numbered from 1 across its messages
  let busy = false;
  let generation = 0; // bumped by Start over: a reply to the old conversation arriving later is dropped

  // --- storage: the conversation id and its transcript stay in this browser ----------------------

  function read(key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false; // storage full or blocked: the page works, a reload just starts afresh
    }
  }

  function newConversationId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes); // randomUUID needs a secure context; this works on any host
    return "p" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function conversationId() {
    let id = read(KEY_ID, null);
    if (typeof id !== "string" || !/^p[0-9a-f]{32}$/.test(id)) {
      id = newConversationId();
      write(KEY_ID, id);
    }
    return id;
  }

  function remember(entry) {
    const entries = read(KEY_LOG, []);
    const kept = (Array.isArray(entries) ? entries : []).concat([entry]).slice(-KEPT_ENTRIES);
    while (kept.length && !write(KEY_LOG, kept)) kept.shift();
  }

  // --- building the page -----------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function scrollTo(node) {
    node.scrollIntoView({ block: "end", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  function show(node) {
    log.appendChild(node);
    scrollTo(node);
    // a chart has no height until its image has loaded: scroll again then, if it is still the latest
    node.querySelectorAll("img").forEach((img) => img.addEventListener("load", () => {
      if (log.lastElementChild === node) scrollTo(node);
    }));
  }

  function announce(text) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 50);
  }

  function userBubble(text) {
    const bubble = el("div", "msg user");
    bubble.append(el("span", "visually-hidden", "You said: "), document.createTextNode(text));
    return bubble;
  }

  function renderTable(part) {
    const wrap = el("div", "table-wrap");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Table: " + (part.headers || []).join(", "));
    wrap.tabIndex = 0; // a table wider than a phone scrolls: the keyboard must reach it
    const table = el("table");
    const headRow = el("tr");
    (part.headers || []).forEach((header) => {
      const th = el("th", null, header);
      th.scope = "col";
      headRow.appendChild(th);
    });
    const head = el("thead");
    head.appendChild(headRow);
    const body = el("tbody");
    (part.rows || []).forEach((row) => {
      const tr = el("tr");
      (Array.isArray(row) ? row : [row]).forEach((cell) => tr.appendChild(el("td", null, cell)));
      body.appendChild(tr);
    });
    table.append(head, body);
    wrap.appendChild(table);
    return wrap;
  }

  function renderBullets(part) {
    const list = el("ul");
    (part.items || []).forEach((item) => {
      const li = el("li");
      if (item && item.title) li.append(el("strong", null, item.title), document.createTextNode(": "));
      li.appendChild(document.createTextNode(item && item.text !== undefined ? item.text : String(item)));
      list.appendChild(li);
    });
    return list;
  }

  function renderChart(message) {
    const figure = el("figure");
    const src = typeof message.image === "string" && message.image.startsWith("data:image/png;base64,") ? message.image : null;
    if (src) {
      const img = el("img");
      img.src = src;
      img.alt = message.image_alt || "Salary chart";
      figure.appendChild(img);
    } else {
      figure.appendChild(el("p", null, message.image_alt || "The chart could not be drawn; the figures are in the text."));
    }
    return figure;
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const scratch = el("textarea"); // plain http on another host has no clipboard API
    scratch.value = text;
    scratch.setAttribute("readonly", "");
    scratch.className = "visually-hidden";
    document.body.appendChild(scratch);
    scratch.select();
    const copied = document.execCommand("copy");
    scratch.remove();
    if (!copied) throw new Error("copy refused");
  }

  function renderDraft(part) {
    const section = el("div", "draft");
    section.setAttribute("role", "group"); // not a landmark: a reply may hold several drafts
    const title = part.title || "Draft";
    section.setAttribute("aria-label", title);
    const pre = el("pre", null, part.text);
    pre.tabIndex = 0;
    const button = el("button", null, "Copy");
    button.type = "button";
    button.setAttribute("aria-label", "Copy " + title);
    button.addEventListener("click", async () => {
      try {
        await copyText(part.text || "");
        button.textContent = "Copied";
        announce(title + " copied.");
      } catch (error) {
        button.textContent = "Copy failed: select the text";
        announce("Copying failed. Select the text and copy it yourself.");
      }
      window.setTimeout(() => { button.textContent = "Copy"; }, 3000);
    });
    section.append(el("h3", null, title), pre, button);
    return section;
  }

  function renderPart(part, message, charts) {
    switch (part.type) {
      case "heading": return el("h3", null, part.text);
      case "text": return el("p", null, part.text);
      case "note": return el("p", "note", part.text);
      case "table": return renderTable(part);
      case "bullets": return renderBullets(part);
      case "draft": return renderDraft(part);
      case "chart": return charts.count++ === 0 ? renderChart(message) : null; // the server draws the first chart
      default: return part.text ? el("p", null, part.text) : null;
    }
  }

  function botBubble(message) {
    const bubble = el("div", "msg bot");
    bubble.appendChild(el("span", "visually-hidden", "Payband said: "));
    const parts = message.reply && Array.isArray(message.reply.parts) ? message.reply.parts : null;
    if (parts) {
      const charts = { count: 0 };
      parts.forEach((part) => {
        const node = part && typeof part === "object" ? renderPart(part, message, charts) : null;
        if (node) bubble.appendChild(node);
      });
    } else {
      bubble.appendChild(el("p", null, message.text || ""));
    }
    return bubble;
  }

  function addChoices(bubble, buttons, live) {
    if (!buttons.length) return;
    const group = el("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choices (or type a number)");
    buttons.forEach((button) => {
      const number = choices.length + 1;
      const title = button.title || button.payload;
      const choice = el("button", null, number + ". " + title);
      choice.type = "button";
      choice.disabled = !live;
      choice.addEventListener("click", async () => {
        await send(button.payload, number + ". " + title);
        box.focus(); // keyboard users carry on typing where they left off
      });
      group.appendChild(choice);
      if (live) choices.push(button);
    });
    bubble.appendChild(group);
  }

  function retireChoices() {
    choices = [];
    log.querySelectorAll(".choices button").forEach((button) => { button.disabled = true; });
  }

  function showReply(messages, live) {
    messages.forEach((message) => {
      const bubble = botBubble(message);
      const buttons = Array.isArray(message.buttons) ? message.buttons.filter((b) => b && typeof b.payload === "string") : [];
      addChoices(bubble, buttons, live);
      show(bubble);
    });
  }

  function showError(text) {
    const notice = el("div", "msg error", text);
    show(notice);
    announce(text);
  }

  // --- talking to Payband ----------------------------------------------------------------------

  function setBusy(on) {
    busy = on;
    typing.hidden = !on;
    sendButton.disabled = on;
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function post(text) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      return await fetch(ENDPOINT, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: conversationId(), message: text }),
        signal: controller.signal,
        credentials: "same-origin",
      });
    } finally {
      window.clearTimeout(timer);
    }
  }

  async function send(text, shown) {
    if (busy || !text.trim()) return false;
    const said = shown || text;
    show(userBubble(said));
    setBusy(true);
    const asked = generation;
    let response;
    let messages = null;
    try {
      response = await post(text);
      messages = await response.json().catch(() => null);
    } catch (error) {
      if (asked !== generation) return true;
      setBusy(false);
      showError(error && error.name === "AbortError" ? TOO_SLOW : UNREACHABLE);
      return false;
    }
    if (asked !== generation) return true;
    setBusy(false);
    if (!response.ok || !Array.isArray(messages)) {
      const reason = messages && typeof messages.error === "string" ? messages.error : "HTTP " + response.status;
      showError(response.status >= 500 ? UNREACHABLE : "Payband could not take that message: " + reason + ".");
      return false;
    }
    remember({ who: "user", text: said });
    retireChoices();
    if (!messages.length) {
      showError(NO_ANSWER);
      return true;
    }
    showReply(messages, true);
    remember({ who: "bot", messages: messages });
    return true;
  }

  function typedChoice(text) {
    const number = /^\s*(\d{1,3})[.)]?\s*$/.exec(text);
    if (!number) return null;
    const index = Number(number[1]) - 1;
    return index >= 0 && index < choices.length ? { button: choices[index], number: index + 1 } : null;
  }

  async function submit() {
    const text = box.value;
    if (!text.trim() || busy) return;
    const picked = typedChoice(text);
    box.value = "";
    const sent = picked
      ? await send(picked.button.payload, picked.number + ". " + (picked.button.title || picked.button.payload))
      : await send(text);
    if (!sent && !box.value) box.value = text; // not sent: keep what was typed for another try
    box.focus();
  }

  // --- wiring ----------------------------------------------------------------------------------

  function restore() {
    const entries = read(KEY_LOG, []);
    if (!Array.isArray(entries) || !entries.length) return;
    entries.forEach((entry, i) => {
      if (entry && entry.who === "user" && typeof entry.text === "string") {
        show(userBubble(entry.text));
      } else if (entry && entry.who === "bot" && Array.isArray(entry.messages)) {
        showReply(entry.messages, i === entries.length - 1);
      }
    });
    show(el("div", "msg notice", "Earlier in this conversation. Payband remembers it; Start over begins a new one."));
  }

  function startOver() {
    try {
      window.localStorage.removeItem(KEY_LOG);
      window.localStorage.removeItem(KEY_ID);
    } catch (error) {
      // storage blocked: nothing was kept
    }
    generation += 1;
    setBusy(false);
    choices = [];
    log.replaceChildren();
    conversationId();
    announce("Started a new conversation.");
    box.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  document.getElementById("start-over").addEventListener("click", startOver);

  restore();
  box.focus();
})();
