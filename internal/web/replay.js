// The replay page's one script: it plays back the match whose replay the
// page embeds (#replay-data, the runner's JSON, as docs/BATTLEFIELD.md
// describes it), one turn at a time, with no game rules of its own: every
// frame is drawn from what the replay records. Without it the page still
// tells the match turn by turn.
(function () {
  "use strict";
  var data = document.getElementById("replay-data");
  var box = document.getElementById("replay");
  var stage = document.getElementById("stage");
  var counter = document.getElementById("turn");
  if (!data || !box || !stage || !counter) return;
  var replay;
  try { replay = JSON.parse(data.textContent); } catch (e) { return; }
  if (!replay || !Array.isArray(replay.turns)) return;
  var turns = replay.turns;
  var names = [box.getAttribute("data-a") || "1", box.getAttribute("data-b") || "2"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function duel() {
    var q = el("p", "duel-q"), rows = el("p"), score = el("p", "score");
    stage.appendChild(q); stage.appendChild(rows); stage.appendChild(score);
    return function (i) {
      if (i === 0) { q.textContent = "…"; rows.textContent = ""; score.textContent = "0 : 0"; return; }
      var t = turns[i - 1];
      q.textContent = t.question + " = " + t.answer;
      rows.textContent = "";
      for (var s = 0; s < 2; s++) {
        var a = t.answers[s];
        var mark = a === null ? "—" : (a === t.answer ? a + " ✓" : a + " ✗");
        var line = el("span", "", "");
        line.appendChild(el("bdi", "", names[s]));
        line.appendChild(document.createTextNode(": " + mark));
        rows.appendChild(line);
        if (s === 0) rows.appendChild(el("br"));
      }
      score.textContent = t.scores[0] + " : " + t.scores[1];
    };
  }

  function grid() {
    var setup = replay.setup || {};
    var w = setup.width | 0, h = setup.height | 0;
    if (w <= 0 || h <= 0 || w * h > 10000) return function () {};
    var board = el("div", "board");
    board.style.gridTemplateColumns = "repeat(" + w + ", 1fr)";
    board.setAttribute("role", "img");
    var cells = [];
    for (var k = 0; k < w * h; k++) { var c = el("span"); cells.push(c); board.appendChild(c); }
    stage.appendChild(board);
    var legend = el("p", "score");
    stage.appendChild(legend);
    function at(p) {
      if (!p || p[0] < 0 || p[1] < 0 || p[0] >= w || p[1] >= h) return null;
      return cells[p[1] * w + p[0]];
    }
    return function (i) {
      var k, s, c;
      for (k = 0; k < cells.length; k++) cells[k].className = "";
      (setup.walls || []).forEach(function (p) { var c = at(p); if (c) c.className = "wall"; });
      var head = (setup.starts || []).slice();
      var alive = [true, true];
      for (s = 0; s < 2; s++) { c = at(head[s]); if (c) c.className = "p" + s; }
      for (k = 0; k < i; k++) {
        var t = turns[k];
        for (s = 0; s < 2; s++) {
          if (!alive[s]) continue;
          head[s] = t.pos[s];
          alive[s] = t.alive[s];
          c = at(t.pos[s]);
          if (c) c.className = t.alive[s] ? "p" + s : "crash";
        }
      }
      for (s = 0; s < 2; s++) { c = at(head[s]); if (c && alive[s]) c.className = "h" + s; }
      board.setAttribute("aria-label", names[0] + (alive[0] ? " ✓" : " ✗") + " · " + names[1] + (alive[1] ? " ✓" : " ✗"));
      legend.textContent = "";
      for (s = 0; s < 2; s++) {
        legend.appendChild(el("span", "p" + s, "  "));
        legend.appendChild(document.createTextNode(" "));
        legend.appendChild(el("bdi", "", names[s]));
        legend.appendChild(document.createTextNode(alive[s] ? "  " : " ✗  "));
      }
    };
  }

  var draw = replay.game === "grid" ? grid() : duel();
  var i = 0, timer = null, pace = replay.game === "grid" ? 120 : 700;
  function show() { draw(i); counter.textContent = String(i); }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } }
  function play() {
    if (timer !== null) { stop(); return; }
    if (i >= turns.length) i = 0;
    timer = setInterval(function () {
      if (i >= turns.length) { stop(); return; }
      i++; show();
    }, pace);
  }
  box.addEventListener("click", function (ev) {
    var act = ev.target && ev.target.getAttribute ? ev.target.getAttribute("data-act") : null;
    if (act === "play") play();
    else if (act === "step") { stop(); if (i < turns.length) { i++; show(); } }
    else if (act === "back") { stop(); i = 0; show(); }
  });
  box.hidden = false;
  show();
  play();
})();
