// The console's own script (the content security policy allows no other but the asciinema player it serves):
// the live view of a session as plain text (escape sequences dropped), and the replay of a recording in the
// asciinema player, which emulates the terminal.
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

  function replay(element) {
    var status = document.getElementById('replay-status');
    var player = null;
    document.getElementById('replay-play').addEventListener('click', function () {
      if (!window.AsciinemaPlayer) { status.textContent = 'the player did not load'; return; }
      if (player) { player.dispose(); }
      element.textContent = '';
      var speed = Number(document.getElementById('replay-speed').value) || 1;
      player = window.AsciinemaPlayer.create({ data: element.getAttribute('data-cast') }, element,
        { autoPlay: true, speed: speed, idleTimeLimit: 2, fit: 'width' });
      player.addEventListener('ended', function () { status.textContent = '■'; });
      status.textContent = '▶ ' + speed + '×';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var liveOut = document.getElementById('live-output');
    if (liveOut) { live(liveOut); }
    var replayPlayer = document.getElementById('replay-player');
    if (replayPlayer) { replay(replayPlayer); }
  });
}());
