// The TehPUG module's script. Everything works without it; with it:
// - each member form posts JSON (Accept: application/json) and shows the
//   server's problems next to their fields without leaving the page, or
//   goes to the thank-you page;
// - the list of upcoming meetups, the registration buttons and the talk
//   form's meetups are fetched again from the API, so a meetup planned
//   after the site was built shows, with the league champions it
//   announces; so is the list of most-wanted topics,
//   so a topic proposed or voted for since shows with its votes, and the
//   talk form's topics; a topic's link (?topic=) chooses it in the form;
// - the thank-you page says what was done, in the language posted.
(function () {
  "use strict";
  var holder = document.getElementById("tehpug-words");
  if (!holder) return;
  var words = JSON.parse(holder.getAttribute("data-words"));
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // digits writes s's digits in lang's, as the pages built by Hugo do.
  function digits(s, lang) {
    s = String(s);
    return lang === "fa" ? s.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; }) : s;
  }
  function fill(template, value) { return template.replace("%s", value); }

  // when writes a meetup's time as the module's Hugo partial does. The API
  // answers times in the group's zone ("2026-12-20T18:00:00+03:30"), so the
  // date and clock are read from the text, whatever the reader's zone.
  function when(start, end, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(start);
    var e = /T(\d{2}):(\d{2})/.exec(end);
    if (!m || !e) return start;
    var day = words.weekdays[new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay()];
    var range = m[4] + ":" + m[5] + "–" + e[1] + ":" + e[2];
    if (lang === "fa") return day + " " + digits(m[1] + "/" + m[2] + "/" + m[3] + "، " + range, "fa");
    return day + " " + (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1] + ", " + range;
  }

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }

  // --- forms -------------------------------------------------------------
  function body(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || f.disabled || f.tagName === "BUTTON") return;
      if (f.type === "radio") { if (f.checked) out[f.name] = f.value; return; }
      if (f.type === "checkbox") { out[f.name] = f.checked; return; }
      if (f.type === "number") { if (f.value.trim() !== "") out[f.name] = Number(f.value); return; }
      if (f.hasAttribute("data-tehpug-list")) {
        out[f.name] = f.value.split(/[,،]/).map(function (s) { return s.trim(); }).filter(Boolean);
        return;
      }
      out[f.name] = f.value;
    });
    return out;
  }

  function clear(form) {
    form.querySelectorAll(".tehpug-error").forEach(function (p) { p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    var summary = form.querySelector(".tehpug-summary");
    summary.textContent = "";
    summary.hidden = true;
  }

  function labelOf(form, name) {
    var id = "tehpug-" + form.getAttribute("data-tehpug-form") + "-" + name;
    var box = document.getElementById(id);
    if (!box) return { id: null, text: name };
    var label = box.tagName === "FIELDSET" ? box.querySelector("legend") : form.querySelector('label[for="' + id + '"]') || box.closest("label");
    return { id: id, text: label ? label.textContent.trim() : name };
  }

  function show(form, problem, status) {
    var lang = form.getAttribute("data-lang");
    var summary = form.querySelector(".tehpug-summary");
    var errors = (problem && problem.errors) || {};
    var messages = (problem && problem.messages) || {};
    // The problems in the order of the form's fields, as the page asks them.
    var order = Array.prototype.map.call(form.elements, function (f) { return f.name; });
    var names = Object.keys(errors).sort(function (a, b) {
      var i = order.indexOf(a), j = order.indexOf(b);
      return (i < 0 ? order.length : i) - (j < 0 ? order.length : j);
    });
    if (names.length) {
      summary.appendChild(el("p", {}, words.fix));
      var list = el("ul");
      names.forEach(function (name) {
        var text = messages[name] || errors[name];
        var l = labelOf(form, name);
        var item = el("li");
        if (l.id) {
          item.appendChild(el("a", { href: "#" + l.id }, l.text));
          var p = document.getElementById(l.id + "-error");
          if (p) p.textContent = text;
          form.querySelectorAll('[name="' + name + '"]').forEach(function (n) { n.setAttribute("aria-invalid", "true"); });
        } else {
          item.appendChild(document.createTextNode(l.text));
        }
        item.appendChild(document.createTextNode(": " + text));
        list.appendChild(item);
      });
      summary.appendChild(list);
    } else {
      var text = status === 0 ? words.network : (lang === "en" && problem && problem.detail) || words.trouble[String(status)] || words.trouble["400"];
      summary.appendChild(el("p", {}, text));
    }
    summary.hidden = false;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  function submit(event) {
    var form = event.currentTarget;
    event.preventDefault();
    var button = event.submitter || form.querySelector("button[type=submit]");
    var url = (button && button.hasAttribute("formaction")) ? button.formAction : form.action;
    var lang = form.getAttribute("data-lang");
    clear(form);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    var status = 0;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": lang },
      body: JSON.stringify(body(form))
    }).then(function (resp) {
      status = resp.status;
      return resp.json().catch(function () { return null; });
    }).then(function (answer) {
      if (status >= 200 && status < 300) {
        var done = form.getAttribute("data-done");
        var thanks = new URL(form.getAttribute("data-thanks"), location.href);
        thanks.searchParams.set("done", done);
        thanks.searchParams.set("lang", lang);
        location.assign(thanks.href);
        return;
      }
      show(form, answer, status);
    }).catch(function () {
      show(form, null, 0);
    }).then(function () {
      buttons.forEach(function (b) { b.disabled = false; });
    });
  }

  document.querySelectorAll("form[data-tehpug-form]").forEach(function (form) {
    form.addEventListener("submit", submit);
  });

  // fromAPI, when the page has an element matching selector, fetches path
  // from the API of the block holding it and hands update the API's
  // address, the block's language and the answer. When that fails, what
  // was built with the site stays.
  function fromAPI(selector, path, update) {
    var root = document.querySelector(selector);
    if (!root) return;
    var host = root.closest("[data-api]");
    var api = host.getAttribute("data-api");
    var lang = host.getAttribute("data-lang");
    fetch(api + path, { headers: { "Accept": "application/json" } })
      .then(function (resp) { if (!resp.ok) throw new Error(resp.status); return resp.json(); })
      .then(function (answer) { update(api, lang, answer); })
      .catch(function () { /* the list built with the site stays */ });
  }

  // choose selects the option of value chosen in select, or the empty one
  // when there is no such option.
  function choose(select, chosen) {
    select.value = chosen;
    if (select.value !== chosen) select.value = "";
  }

  // replaceOptions puts options in select in place of all but its empty
  // one, and chooses chosen again if it is still offered.
  function replaceOptions(select, options, chosen) {
    Array.prototype.slice.call(select.options).forEach(function (o) { if (o.value !== "") o.remove(); });
    options.forEach(function (o) { select.appendChild(o); });
    choose(select, chosen);
  }

  // --- the upcoming meetups ------------------------------------------------
  function meetupItem(api, lang, m) {
    var li = el("li", { "class": "tehpug-meetup", "data-id": m.id, "data-status": m.status });
    li.appendChild(el("a", { href: api + "/meetups/" + encodeURIComponent(m.id) + "?lang=" + lang }, m.title));
    li.appendChild(el("span", { "class": "tehpug-when" }, when(m.starts_at, m.ends_at, lang)));
    li.appendChild(el("span", { "class": "tehpug-venue" }, m.venue));
    var seats = m.seats_left > 0 ? fill(words.seats_left, digits(m.seats_left, lang)) : fill(words.waitlist, digits(m.waitlist_length, lang));
    li.appendChild(el("span", { "class": "tehpug-seats" }, seats));
    var news = m.announcements || [];
    if (news.length) {
      var ul = el("ul", { "class": "tehpug-announcements" });
      news.forEach(function (a) {
        var item = el("li", { "class": "tehpug-announcement", "data-league": a.league });
        item.appendChild(el("a", { href: a.league_url + "?lang=" + lang }, lang === "fa" ? a.text_fa : a.text_en));
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function refresh(api, lang, items) {
    document.querySelectorAll("[data-tehpug-meetups]").forEach(function (section) {
      var list = section.querySelector(".tehpug-meetup-list");
      list.textContent = "";
      items.forEach(function (m) { list.appendChild(meetupItem(api, lang, m)); });
      section.querySelector("[data-tehpug-status]").textContent = items.length ? "" : words.no_meetups;
    });
    document.querySelectorAll("[data-tehpug-register-buttons]").forEach(function (box) {
      var form = box.closest("form");
      var only = form.getAttribute("data-meetup");
      var open = items.filter(function (m) { return m.status === "scheduled" && (!only || m.id === only); });
      box.textContent = "";
      open.forEach(function (m) {
        var b = el("button", { type: "submit", value: m.id, formaction: api + "/meetups/" + encodeURIComponent(m.id) + "/registrations" },
          fill(words.register_for, m.title) + " — " + when(m.starts_at, m.ends_at, lang));
        box.appendChild(b);
      });
      if (!open.length) box.appendChild(el("p", {}, words.no_registration));
      if (open.length) form.action = api + "/meetups/" + encodeURIComponent(open[0].id) + "/registrations";
    });
    var scheduled = items.filter(function (m) { return m.status === "scheduled"; });
    document.querySelectorAll("select[data-tehpug-meetup-options]").forEach(function (select) {
      replaceOptions(select, scheduled.map(function (m) {
        return el("option", { value: m.id }, m.title + " — " + when(m.starts_at, m.ends_at, lang));
      }), select.value);
    });
  }

  fromAPI("[data-tehpug-meetups], form[data-tehpug-form=register], select[data-tehpug-meetup-options]", "/meetups?limit=20",
    function (api, lang, page) { refresh(api, lang, page.items || []); });

  // --- the most-wanted topics ------------------------------------------------
  function topicItem(talk, lang, tp) {
    var li = el("li", { "class": "tehpug-topic", "data-id": tp.id });
    var a = el("a", { href: talk + "?topic=" + encodeURIComponent(tp.id) + "#tehpug-talk" });
    a.appendChild(el("bdi", {}, tp.title));
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", { "class": "tehpug-votes" }, fill(words.topic_votes, digits(tp.votes, lang))));
    if (tp.why) {
      li.appendChild(el("br"));
      li.appendChild(el("bdi", { "class": "tehpug-why" }, tp.why));
    }
    return li;
  }

  // The topic the page was opened for (a topic's link: ?topic=), chosen in
  // the talk form when the form offers it.
  var wantedTopic = new URLSearchParams(location.search).get("topic") || "";

  function refreshTopics(lang, items) {
    document.querySelectorAll("[data-tehpug-topics]").forEach(function (section) {
      var talk = section.getAttribute("data-talk");
      var list = section.querySelector(".tehpug-topic-list");
      list.textContent = "";
      items.forEach(function (tp) { list.appendChild(topicItem(talk, lang, tp)); });
      section.querySelector("[data-tehpug-status]").textContent = items.length ? "" : words.no_topics;
    });
    document.querySelectorAll("select[data-tehpug-topic-options]").forEach(function (select) {
      replaceOptions(select, items.map(function (tp) { return el("option", { value: tp.id }, tp.title); }), select.value || wantedTopic);
    });
  }

  if (wantedTopic) {
    document.querySelectorAll("select[data-tehpug-topic-options]").forEach(function (select) { choose(select, wantedTopic); });
  }
  fromAPI("[data-tehpug-topics], select[data-tehpug-topic-options]", "/topics",
    function (api, lang, answer) { refreshTopics(lang, answer.topics || []); });

  // --- the thank-you page ---------------------------------------------------
  var thanks = document.querySelector("[data-tehpug-thanks]");
  if (thanks) {
    var params = new URLSearchParams(location.search);
    var posted = params.get("lang");
    var pages = JSON.parse(thanks.getAttribute("data-pages") || "{}");
    if (posted && posted !== thanks.getAttribute("data-lang") && pages[posted]) {
      location.replace(pages[posted] + location.search);
      return;
    }
    var block = thanks.querySelector('[data-done="' + (params.get("done") || "").replace(/[^a-z-]/g, "") + '"]');
    if (block) {
      thanks.querySelector('[data-done="default"]').hidden = true;
      block.hidden = false;
    }
  }
})();
