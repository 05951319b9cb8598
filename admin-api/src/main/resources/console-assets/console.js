// The console's only script (the content security policy allows no other): the live view of a session and the
// replay of a recording, both as plain text. Escape sequences are dropped, not emulated.
(function () {
  'use strict';
  var ESCAPES = /\u001b\[[0-9;?]*[ -\/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

  function plain(text) {
    return text.replace(/\r\n/g, '\n').replace(/\r/g, '').replace(ESCAPES, '');
  }

  function bytesOf(event) {
    if (typeof event.d === 'string') { return event.d; }
    if (typeof event.b === 'string') {
      var raw = atob(event.b), bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
      return new TextDecoder('utf-8').decode(bytes);
    }
    return '';
  }

  function live(out) {
    var status = document.getElementById('live-status');
    var source = new EventSource(out.getAttribute('data-live'));
    function append(text) { out.textContent += text; out.scrollTop = out.scrollHeight; }
    source.addEventListener('line', function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.k === 'o' || event.k === 'e') { append(plain(bytesOf(event))); }
      else if (event.k === 'notice' && event.text) { append('\n[' + event.text + ']\n'); }
      else if (event.k === 'kill') { status.textContent = 'killed' + (event.by ? ' by ' + event.by : '') + (event.reason ? ': ' + event.reason : ''); }
      else if (event.k === 'exit') { status.textContent = 'exit ' + event.code; }
      else if (event.k === 'live') { status.textContent = event.state + ' — ' + (event.observers || []).join(', '); }
      else if (event.k === 'dropped') { status.textContent = event.reason; }
    });
    source.addEventListener('refused', function (message) { status.textContent = message.data; source.close(); });
    source.addEventListener('end', function () { status.textContent += ' (ended)'; source.close(); });
    source.onerror = function () { source.close(); };
  }

  function replay(out) {
    var lines = out.getAttribute('data-cast').split('\n').filter(function (l) { return l.trim() !== ''; });
    var events = lines.slice(1).map(function (l) { try { return JSON.parse(l); } catch (e) { return null; } })
      .filter(function (e) { return e && e[1] === 'o'; });
    var status = document.getElementById('replay-status');
    var play = document.getElementById('replay-play');
    var timer = null;
    play.addEventListener('click', function () {
      if (timer) { clearTimeout(timer); }
      out.textContent = '';
      var speed = Number(document.getElementById('replay-speed').value) || 1, i = 0, start = Date.now();
      status.textContent = '▶';
      (function step() {
        var elapsed = (Date.now() - start) * speed / 1000;
        while (i < events.length && events[i][0] <= elapsed) { out.textContent += plain(events[i][2]); i++; }
        out.scrollTop = out.scrollHeight;
        if (i < events.length) { timer = setTimeout(step, 50); } else { status.textContent = '■ ' + events.length; timer = null; }
      })();
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var liveOut = document.getElementById('live-output');
    if (liveOut) { live(liveOut); }
    var replayOut = document.getElementById('replay-output');
    if (replayOut) { replay(replayOut); }
  });
}());
