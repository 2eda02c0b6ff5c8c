// The console's one script. Every console page works without it; it adds
// only what a page cannot do without JavaScript: passkeys (WebAuthn has
// no form). A page marks what it drives with data- attributes: where to
// post, where to go after, and what to say, in the page's language.
"use strict";

(function () {
  var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);

  // Binary fields travel as unpadded base64url.
  function toBytes(s) {
    var b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    var bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toText(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // credentialJSON is what the server reads of a new or used credential.
  function credentialJSON(c) {
    var r = c.response;
    var out = {
      id: c.id, rawId: toText(c.rawId), type: c.type,
      authenticatorAttachment: c.authenticatorAttachment || undefined,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
      response: { clientDataJSON: toText(r.clientDataJSON) }
    };
    if (r.attestationObject) {
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    }
    if (r.authenticatorData) {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      if (r.userHandle) out.response.userHandle = toText(r.userHandle);
    }
    return out;
  }

  // post sends body as JSON, with the page's form token when it has one.
  function post(url, body) {
    var token = document.querySelector('input[name="form_token"]');
    if (token) body.form_token = token.value;
    return fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "follow",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // Failure is why a step failed: the name of the message to show.
  function Failure(message) { this.message = message; }

  // answer is a successful answer's JSON. A session that ended meanwhile
  // is redirected to sign in: the browser goes there.
  function answer(res, statuses) {
    if (res.redirected) {
      window.location.assign(res.url);
      return new Promise(function () {});
    }
    if (!res.ok) throw new Failure(statuses[res.status] || "failed");
    return res.json();
  }

  // ceremony asks the browser for a credential; closing its prompt is
  // not an error of ours.
  function ceremony(ask) {
    return ask().catch(function () { throw new Failure("cancelled"); });
  }

  // drive wires a box's button to run, saying what happens in its status.
  function drive(box, run) {
    var button = box.querySelector("[data-passkey-start]");
    var status = box.querySelector("[data-passkey-status]");
    var say = function (name) { status.textContent = box.dataset[name] || box.dataset.failed; };
    button.addEventListener("click", function () {
      button.disabled = true;
      say("working");
      run().catch(function (e) {
        say(e instanceof Failure ? e.message : "failed");
        button.disabled = false;
      });
    });
  }

  function addPasskey(box) {
    var name = box.querySelector('input[name="name"]');
    return post(box.dataset.options, {})
      .then(function (res) { return answer(res, { 409: "full" }); })
      .then(function (options) {
        var pk = options.publicKey;
        pk.challenge = toBytes(pk.challenge);
        pk.user.id = toBytes(pk.user.id);
        (pk.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return ceremony(function () { return navigator.credentials.create({ publicKey: pk }); });
      })
      .then(function (cred) {
        return post(box.dataset.finish, { name: name ? name.value : "", credential: credentialJSON(cred) });
      })
      .then(function (res) { return answer(res, { 409: "twice" }); })
      .then(function () { window.location.assign(box.dataset.done); });
  }

  function signIn(box) {
    return post(box.dataset.options, {})
      .then(function (res) { return answer(res, { 429: "busy" }); })
      .then(function (options) {
        var pk = options.publicKey;
        pk.challenge = toBytes(pk.challenge);
        (pk.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return ceremony(function () { return navigator.credentials.get({ publicKey: pk }); });
      })
      .then(function (cred) {
        return post(box.dataset.finish, { credential: credentialJSON(cred), next: box.dataset.next, lang: box.dataset.lang });
      })
      .then(function (res) { return answer(res, { 429: "busy" }); })
      .then(function (out) { window.location.assign(out.next); });
  }

  var add = document.querySelector("[data-passkey-add]");
  if (add) {
    add.querySelector("[data-without-script]").hidden = true;
    if (supported) {
      add.querySelector("[data-with-script]").hidden = false;
      drive(add, function () { return addPasskey(add); });
    } else {
      add.querySelector("[data-passkey-status]").textContent = add.dataset.unsupported;
    }
  }
  var signin = document.querySelector("[data-passkey-signin]");
  if (signin && supported) {
    signin.hidden = false;
    drive(signin, function () { return signIn(signin); });
  }
})();
