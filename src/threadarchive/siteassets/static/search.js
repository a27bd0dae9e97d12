/* threadarchive: search every tweet of the site in the browser, with no server, from file:// too.

   The index is prebuilt. search/index.js lists its shards; search/terms/<prefix>.js holds
   the postings of the terms that begin with <prefix> (two characters as hexadecimal code
   points); search/docs/<n>.js the texts of a thousand tweets. Each is a script that assigns
   JSON, loaded through a <script> tag (fetch is refused on file://), and only those a query
   needs are loaded. Terms are split as threadarchive's site.py splits them: NFKC, lower
   case, runs of letters, digits and marks. Texts are shown through textContent, never as
   HTML. */
(function () {
  "use strict";
  var store = (window.threadarchiveSearch = window.threadarchiveSearch || { meta: null, terms: {}, docs: {} });
  var TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
  var PAGE = 20;

  function terms(text) {
    return text.normalize("NFKC").toLowerCase().match(TOKEN) || [];
  }

  function shardOf(term) {
    return Array.from(term).slice(0, 2).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  function startsWith(term, word) {
    return Array.from(word).length < 2 ? term === word : term.lastIndexOf(word, 0) === 0;
  }

  var scripts = {};
  function load(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { delete scripts[src]; reject(new Error("cannot load " + src)); };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  var decoded = {};
  function postings(shard, term) {  // delta-encoded document numbers, decoded once
    var key = shard + "\u0000" + term;
    if (!decoded[key]) {
      var parts = store.terms[shard][term].split(","), out = new Uint32Array(parts.length), n = 0;
      for (var i = 0; i < parts.length; i++) { n += +parts[i]; out[i] = n; }
      decoded[key] = out;
    }
    return decoded[key];
  }

  function union(lists) {
    if (lists.length === 1) return lists[0];
    var total = 0, at = 0, k = 0;
    lists.forEach(function (list) { total += list.length; });
    var all = new Uint32Array(total);
    lists.forEach(function (list) { all.set(list, at); at += list.length; });
    all.sort();
    for (var i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) all[k++] = all[i];
    return all.subarray(0, k);
  }

  function intersect(a, b) {
    var out = new Uint32Array(Math.min(a.length, b.length)), i = 0, j = 0, k = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out[k++] = a[i]; i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out.subarray(0, k);
  }

  function matches(word) {  // the tweets holding a term the word begins (a one-character word: itself)
    var shard = shardOf(word), table = store.terms[shard], lists = [];
    if (!table) return new Uint32Array(0);
    Object.keys(table).forEach(function (term) {
      if (startsWith(term, word)) lists.push(postings(shard, term));
    });
    return lists.length ? union(lists) : new Uint32Array(0);
  }

  function search(query) {
    var words = Array.from(new Set(terms(query)));
    var known = new Set(store.meta.shards);
    var needed = Array.from(new Set(words.map(shardOf))).filter(function (s) { return known.has(s); });
    return Promise.all(needed.map(function (s) { return load("search/terms/" + s + ".js"); })).then(function () {
      if (!words.length) return { words: words, docs: new Uint32Array(0) };
      var lists = words.map(matches).sort(function (a, b) { return a.length - b.length; });
      var docs = lists[0];
      for (var i = 1; i < lists.length && docs.length; i++) docs = intersect(docs, lists[i]);
      return { words: words, docs: docs };
    });
  }

  function highlight(node, text, words) {
    var last = 0, match;
    var token = new RegExp(TOKEN.source, "gu");
    while ((match = token.exec(text)) !== null) {
      var term = match[0].normalize("NFKC").toLowerCase();
      if (words.some(function (word) { return startsWith(term, word); })) {
        node.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        node.appendChild(mark);
        last = match.index + match[0].length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function show(docs, words, list) {
    var per = store.meta.perShard;
    var ids = Array.prototype.slice.call(docs);
    var shards = Array.from(new Set(ids.map(function (id) { return Math.floor(id / per); })));
    return Promise.all(shards.map(function (n) { return load("search/docs/" + n + ".js"); })).then(function () {
      ids.forEach(function (id) {
        var shard = store.docs[Math.floor(id / per)];
        var doc = shard.docs[id % per], thread = shard.threads[doc[0]];
        var item = document.createElement("li");
        item.setAttribute("data-thread", thread[0]);
        item.setAttribute("data-position", String(doc[1]));
        var link = document.createElement("a");
        var id = encodeURIComponent(thread[0]);  // on a page of its own, or of threads (its number)
        link.href = thread.length > 3 ? "threads/_" + thread[3] + ".html#" + id + "-t" + doc[1] : "threads/" + id + ".html#t" + doc[1];
        var author = document.createElement("bdi");  // a right-to-left name keeps its place
        author.textContent = thread[1];
        link.appendChild(author);
        link.appendChild(document.createTextNode((thread[2] ? ", " + thread[2] : "") + ", tweet " + doc[1]));
        var text = document.createElement("p");
        text.dir = "auto";
        highlight(text, doc[2] || "", words);
        item.appendChild(link);
        item.appendChild(text);
        list.appendChild(item);
      });
    });
  }

  function start() {
    var form = document.getElementById("search");
    if (!form) return;
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    form.hidden = false;
    if (!store.meta) {
      status.textContent = "The search index (search/index.js) is missing.";
      input.disabled = true;
      return;
    }
    var current = null, runs = 0;

    function page(run) {
      var from = current.shown;
      current.shown = Math.min(from + PAGE, current.docs.length);
      return show(current.docs.subarray(from, current.shown), current.words, list).then(function () {
        if (run === runs) more.hidden = current.shown >= current.docs.length;
      });
    }

    function run(query) {
      var started = performance.now(), mine = ++runs;
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Searching…";
      form.setAttribute("data-state", "searching");
      search(query).then(function (found) {
        if (mine !== runs) return null;
        current = { docs: found.docs, words: found.words, shown: 0 };
        return page(mine).then(function () {
          if (mine !== runs) return;
          var count = found.docs.length;
          status.textContent = found.words.length
            ? count + " tweet" + (count === 1 ? "" : "s") + " found for “" + query + "”"
            : "Type words to find.";
          form.setAttribute("data-ms", String(Math.round(performance.now() - started)));
          form.setAttribute("data-state", "done");
        });
      }).catch(function (error) {
        status.textContent = "Search failed: " + error.message;
        form.setAttribute("data-state", "error");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value);
    });
    more.addEventListener("click", function () { page(runs); });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      run(query);
    }
  }

  // Deferred, this script runs before search/index.js: start once every deferred script ran.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
