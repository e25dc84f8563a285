// The live dashboard: polls /actuator/channels once a second, keeps three minutes of history per
// channel in memory, and draws it with plain SVG paths. No build step, no library.
(function () {
  'use strict';

  const POLL_MS = 1000;
  const HISTORY = 180;                        // points kept: 3 minutes at one a second
  const numbers = new Intl.NumberFormat('en-US');
  const rates = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const channels = new Map();                 // name -> { element, history: [], last }

  function byField(root, field) {
    return root.querySelector('[data-field="' + field + '"]');
  }

  function panelFor(name) {
    let entry = channels.get(name);
    if (!entry) {
      const template = document.getElementById('channel-template');
      const element = template.content.firstElementChild.cloneNode(true);
      element.dataset.channel = name;
      byField(element, 'name').textContent = name;
      document.getElementById('channels').appendChild(element);
      entry = { element: element, history: [], last: null };
      channels.set(name, entry);
    }
    return entry;
  }

  function update(name, channel, now) {
    const entry = panelFor(name);
    const el = entry.element;
    let sentRate = 0;
    let receivedRate = 0;
    if (entry.last) {
      const seconds = Math.max((now - entry.last.at) / 1000, 0.001);
      sentRate = Math.max(channel.sent - entry.last.sent, 0) / seconds;
      receivedRate = Math.max(channel.received - entry.last.received, 0) / seconds;
    }
    entry.last = { at: now, sent: channel.sent, received: channel.received };
    entry.history.push({ depth: channel.depth, sentRate: sentRate, receivedRate: receivedRate });
    if (entry.history.length > HISTORY) {
      entry.history.shift();
    }

    const open = channel.state === 'OPEN';
    const state = byField(el, 'state');
    state.textContent = open ? 'open' : channel.state.toLowerCase().replace(/_/g, ' ');
    state.dataset.state = open ? 'open' : 'closed';
    byField(el, 'overflow').textContent = channel.overflow.toLowerCase().replace(/_/g, '-');
    byField(el, 'type').textContent = channel.type ? channel.type.substring(channel.type.lastIndexOf('.') + 1) : '';
    // A shared channel says where its messages live; its senders and receivers count instances.
    const backend = byField(el, 'backend');
    backend.hidden = !channel.storedIn;
    backend.textContent = channel.backend === 'rabbitmq' ? 'shared: RabbitMQ queue ' + channel.storedIn
      : channel.storedIn ? 'shared: ' + channel.storedIn : '';

    const ratio = channel.capacity > 0 ? channel.depth / channel.capacity : 0;
    const fill = byField(el, 'fill');
    fill.style.width = (ratio * 100).toFixed(1) + '%';
    fill.classList.toggle('high', ratio >= 0.8 && ratio < 0.99);
    fill.classList.toggle('full', ratio >= 0.99);
    byField(el, 'depth').textContent = numbers.format(channel.depth);
    byField(el, 'capacity').textContent = numbers.format(channel.capacity);
    byField(el, 'fill-percent').textContent = (ratio * 100).toFixed(0) + '%';

    setCount(el, 'sent-rate', rates.format(sentRate));
    setCount(el, 'received-rate', rates.format(receivedRate));
    setCount(el, 'sent', numbers.format(channel.sent));
    setCount(el, 'received', numbers.format(channel.received));
    setCount(el, 'full-drops', numbers.format(channel.fullDrops), channel.fullDrops);
    setCount(el, 'evicted', numbers.format(channel.evicted), channel.evicted);
    setCount(el, 'closed-drops', numbers.format(channel.closedDrops), channel.closedDrops);
    setCount(el, 'undelivered', numbers.format(channel.undelivered), channel.undelivered);
    setCount(el, 'senders', numbers.format(channel.senders));
    setCount(el, 'receivers', numbers.format(channel.receivers));
    drawListeners(byField(el, 'listeners'), channel.listeners || []);
    drawDepth(el, entry.history, channel.capacity);
    drawRates(el, entry.history);
  }

  function setCount(el, field, text, raw) {
    const dd = byField(el, field);
    dd.textContent = text;
    if (raw !== undefined) {
      dd.parentElement.classList.toggle('nonzero', raw > 0);
    }
  }

  function drawListeners(list, listeners) {
    list.replaceChildren();
    if (listeners.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'no @ChannelListener: read by its own receive loop';
      list.appendChild(item);
      return;
    }
    for (const listener of listeners) {
      const item = document.createElement('li');
      const id = document.createElement('strong');
      id.textContent = '@ChannelListener ' + listener.id;
      item.appendChild(id);
      item.appendChild(document.createTextNode(' · ' + listener.liveThreads + '/' + listener.concurrency
        + ' threads · processed ' + numbers.format(listener.processed)
        + ' · errors ' + numbers.format(listener.errors)));
      list.appendChild(item);
    }
  }

  // Maps history points to an SVG path: x spreads the last HISTORY points over the width, with
  // the newest at the right edge; y maps 0..max onto the height (top margin `top`).
  function path(history, value, max, width, height, top) {
    if (history.length === 0) {
      return '';
    }
    const step = width / (HISTORY - 1);
    const offset = (HISTORY - history.length) * step;
    let d = '';
    history.forEach(function (point, i) {
      const x = offset + i * step;
      const y = height - (Math.min(value(point), max) / max) * (height - top);
      d += (i === 0 ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
    });
    return d;
  }

  function drawDepth(el, history, capacity) {
    const max = Math.max(capacity, 1);
    const line = path(history, function (p) { return p.depth; }, max, 600, 120, 6);
    el.querySelector('.depth-line').setAttribute('d', line);
    if (line) {
      const firstX = ((HISTORY - history.length) * 600 / (HISTORY - 1)).toFixed(1);
      el.querySelector('.depth-area').setAttribute('d', line + 'L600 120L' + firstX + ' 120Z');
    }
  }

  function drawRates(el, history) {
    let max = 1;
    for (const point of history) {
      max = Math.max(max, point.sentRate, point.receivedRate);
    }
    max *= 1.1;
    el.querySelector('.sent-line').setAttribute('d', path(history, function (p) { return p.sentRate; }, max, 600, 60, 4));
    el.querySelector('.received-line').setAttribute('d', path(history, function (p) { return p.receivedRate; }, max, 600, 60, 4));
  }

  function setConnection(state, text) {
    const connection = document.getElementById('connection');
    connection.dataset.state = state;
    document.getElementById('connection-text').textContent = text;
  }

  async function poll() {
    try {
      // A bound on each poll: a server that accepts but never answers must not freeze the page on "live".
      const response = await fetch('actuator/channels', {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(3000)
      });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const body = await response.json();
      const now = Date.now();
      for (const [name, channel] of Object.entries(body.channels)) {
        update(name, channel, now);
      }
      setConnection('live', 'live · ' + new Date(now).toLocaleTimeString());
    } catch (error) {
      setConnection('down', 'no answer from the application (' + error.message + ')');
    }
    setTimeout(poll, POLL_MS);
  }

  function showControls(status) {
    document.getElementById('load-rate').textContent = numbers.format(status.rate);
    document.getElementById('processing-delay').textContent = numbers.format(status.processingDelayMillis);
    document.querySelectorAll('#load-buttons button').forEach(function (button) {
      button.classList.toggle('active', Number(button.dataset.rate) === status.rate);
    });
    document.querySelectorAll('#delay-buttons button').forEach(function (button) {
      button.classList.toggle('active', Number(button.dataset.delay) === status.processingDelayMillis);
    });
  }

  // Reads a JSON answer; an error answer that is not JSON (a proxy's HTML page) still says its status.
  async function jsonOf(response) {
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : {};
    if (!response.ok) {
      throw new Error(body.message || ('HTTP ' + response.status));
    }
    return body;
  }

  async function post(url) {
    return jsonOf(await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5000) }));
  }

  async function refreshControls() {
    try {
      showControls(await jsonOf(await fetch('load', { signal: AbortSignal.timeout(3000) })));
    } catch (error) {
      // The connection indicator already says the application is not answering.
    }
  }

  document.querySelectorAll('#load-buttons button').forEach(function (button) {
    button.addEventListener('click', function () {
      post('load?rate=' + button.dataset.rate).then(showControls, function (error) { alert(error.message); });
    });
  });
  document.querySelectorAll('#delay-buttons button').forEach(function (button) {
    button.addEventListener('click', function () {
      post('processing-delay?millis=' + button.dataset.delay).then(showControls, function (error) { alert(error.message); });
    });
  });
  document.getElementById('send-order').addEventListener('click', async function () {
    const result = document.getElementById('send-result');
    try {
      const response = await fetch('orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer: 'dashboard', item: 'keyboard', quantity: 1 }),
        signal: AbortSignal.timeout(5000)
      });
      const type = response.headers.get('Content-Type') || '';
      const body = type.includes('json') ? await response.json() : {};
      result.textContent = response.status + ' ' + (response.ok ? body.status + ' ' + body.id : (body.error || ''));
    } catch (error) {
      result.textContent = 'failed: ' + error.message;
    }
  });

  refreshControls();
  setInterval(refreshControls, 5000);
  poll();
}());
