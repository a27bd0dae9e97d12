// Run Zeeschuimer itself, unchanged, in Node on real TweetDetail bodies and keep the bytes
// its ".ndjson (original)" download saves.
//
//   node tests/captures/zeeschuimer/make_zeeschuimer.mjs /path/to/zeeschuimer /path/to/node_modules
//
// /path/to/zeeschuimer is a checkout of github.com/digitalmethodsinitiative/zeeschuimer
// (MPL-2.0; these files were made at ffa27814846eeb8db3502edad05a592440527302, v1.14.2).
// /path/to/node_modules holds fake-indexeddb 5.0.2 (`npm install fake-indexeddb@5.0.2`, the
// version Zeeschuimer's own tests/package-lock.json pins), an IndexedDB written to the spec.
// Nothing of Zeeschuimer is copied here: its files are read from the checkout and run as
// the browser runs them.
//
// - The background page: the scripts of manifest.json's "background" (inc/dexie.js,
//   inc/he.js, js/lib.js, js/zs-background.js, modules/_loader.js, which imports
//   modules/*.js) run in order as classic scripts in one global scope, as Firefox runs them.
// - X's response reaches it as Firefox hands it over: the listener zs-background.js registers
//   on webRequest.onBeforeRequest is called with the request's details; the filter that
//   webRequest.filterResponseData returns receives the body's bytes in `ondata` and then
//   `onstop`. The extension then parses, deduplicates and stores the items in its Dexie
//   database (IndexedDB) with its own code.
// - The download: popup/interface.js runs in a second global scope (the extension page) whose
//   browser.extension.getBackgroundPage() is the first one; its click handler is called for
//   the ".ndjson (original)" button of X/Twitter; it reads the items back (iterate_items),
//   builds the Blob (get_ndjson_blob) and calls browser.downloads.download with an object URL.
//   The bytes saved are those of that Blob, read back through the object URL.
//
// Everything else is a stub for the browser, each as small as the code needs (see STUBS):
// the clock (Date) and navigator.userAgent are fixed, so the files are rebuilt byte for byte.
// Each capture runs in a fresh Node process: a fresh Firefox profile, one tab, one page.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolveObjectURL } from "node:buffer";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const HERE = dirname(fileURLToPath(import.meta.url));
const REAL = join(HERE, "..", "real", "graphql");
const [checkout, nodeModules, which] = process.argv.slice(2);
if (!checkout || !nodeModules) {
    console.error("usage: node make_zeeschuimer.mjs /path/to/zeeschuimer /path/to/node_modules");
    process.exit(2);
}

const COLLECTED = 1745830800000; // 2025-04-28T09:00:00Z, fixed so the files are reproducible
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const TAB_ID = 1; // Firefox's first tab
const CAPTURES = [
    {
        body: "twscrape-TweetDetail-2025-03-S1-legacy.json",
        page: "https://x.com/XDevelopers/status/1649191520250245121",
        // the query ID twscrape used when it recorded this body (twscrape/api.py at 3e30c37)
        api: "https://x.com/i/api/graphql/Ez6kRPyXbqNlhBwcNMpU-Q/TweetDetail?variables=%7B%22focalTweetId%22%3A%221649191520250245121%22%7D",
        out: "zeeschuimer-1.14.2-TweetDetail-S1.ndjson",
    },
    {
        body: "twscrape-TweetDetail-2023-promoted-TWVR.json",
        page: "https://x.com/buitengebieden/status/1671753569412820992",
        // twscrape's query ID when it recorded this body (twscrape/api.py at f31046d, June 2023,
        // then on twitter.com; Zeeschuimer 1.14 collects from x.com only)
        api: "https://x.com/i/api/graphql/zXaXQgfyR4GxE21uwYQSyA/TweetDetail?variables=%7B%22focalTweetId%22%3A%221671753569412820992%22%7D",
        out: "zeeschuimer-1.14.2-TweetDetail-2023-promoted-TWVR.ndjson",
    },
];

if (which === undefined) {
    // one fresh process per capture
    for (let index = 0; index < CAPTURES.length; index++) {
        const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), checkout, nodeModules, String(index)], {
            stdio: "inherit",
        });
        if (run.status !== 0) process.exit(run.status ?? 1);
    }
    process.exit(0);
}
const capture = CAPTURES[Number(which)];

// ---- STUBS: the browser around the extension -------------------------------------------
// The clock: every `Date.now()` and `new Date()` of the extension is the collection time.
const RealDate = Date;
class FixedDate extends RealDate {
    constructor(...args) {
        if (args.length === 0) super(COLLECTED);
        else super(...args);
    }
    static now() {
        return COLLECTED;
    }
}
// IndexedDB (indexedDB, IDBKeyRange, ... as globals), for Dexie.
createRequire(join(nodeModules, "noop.js"))("fake-indexeddb/auto");

const storage = { "zs-enabled-twitter.com": "1" }; // the X/Twitter switch on, as toggle_listening stores it
const listeners = [];
const filters = {};
const saved = [];
const browser = {
    storage: {
        local: {
            get: async (keys) => {
                const wanted = Array.isArray(keys) ? keys : [keys];
                return Object.fromEntries(wanted.filter((key) => key in storage).map((key) => [key, storage[key]]));
            },
            set: async (values) => void Object.assign(storage, values),
        },
    },
    webRequest: {
        onBeforeRequest: { addListener: (listener, filter, extra) => listeners.push({ listener, filter, extra }) },
        filterResponseData: (requestId) => (filters[requestId] = { write() {}, disconnect() {} }),
    },
    webNavigation: { onCommitted: { addListener() {} } },
    browserAction: { setIcon() {}, onClicked: { addListener() {} } },
    tabs: { get: async (tabId) => ({ id: tabId, url: capture.page }) },
    extension: { getBackgroundPage: () => globalThis },
    downloads: {
        download: async ({ url, filename }) => {
            saved.push({ filename, bytes: Buffer.from(await resolveObjectURL(url).arrayBuffer()) });
            return saved.length;
        },
        onChanged: { addListener() {} },
    },
};
Object.assign(globalThis, { window: globalThis, browser, Date: FixedDate });
Object.defineProperty(globalThis, "navigator", { value: { userAgent: USER_AGENT }, configurable: true });

// ---- the background page ---------------------------------------------------------------
const manifest = JSON.parse(readFileSync(join(checkout, "manifest.json"), "utf8"));
for (const script of manifest.background.scripts) {
    const filename = join(checkout, script);
    vm.runInThisContext(readFileSync(filename, "utf8"), {
        filename,
        // modules/_loader.js imports ./twitter.js etc. relative to itself, by Node's own loader
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
}
const until = async (condition) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};
await until(() => zeeschuimer.session !== null && "twitter.com" in zeeschuimer.modules);

// ---- the request: x.com's page asks for TweetDetail, Firefox hands the body over ---------
const details = { requestId: "1", url: capture.api, originUrl: capture.page, tabId: TAB_ID, type: "xmlhttprequest" };
const [{ listener, filter }] = listeners;
if (!filter.urls.includes("https://*/*") || !filter.types.includes(details.type)) throw new Error("not listened to");
listener(details);
const responseFilter = filters[details.requestId];
const body = readFileSync(join(REAL, capture.body));
responseFilter.ondata({ data: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) });
try {
    await responseFilter.onstop({});
} catch (error) {
    // Firefox only logs a rejected listener in the extension's console
    console.log(`${capture.out}: the extension's onstop rejected: ${error.name}: ${error.message}`);
}

// ---- the extension page: click ".ndjson (original)" on the X/Twitter row -----------------
const popupFile = join(checkout, "popup", "interface.js");
const popup = vm.createContext({ browser, console, URL, Blob, Date: FixedDate, setInterval, clearInterval });
vm.runInContext("window = globalThis", popup);
popup.document = { addEventListener() {}, querySelectorAll: () => [], getElementById: () => null };
vm.runInContext(readFileSync(popupFile, "utf8"), popup, { filename: popupFile });
const attributes = { "data-format": "ndjson", "data-platform": "twitter.com" };
const button = {
    matches: (selector) => selector === ".download-format",
    closest: () => null,
    getAttribute: (name) => attributes[name],
    classList: { add() {}, remove() {} },
};
await popup.button_handler({ target: button });

const [{ filename, bytes }] = saved;
writeFileSync(join(HERE, capture.out), bytes);
const stored = await db.items.count();
console.log(`${capture.out}: downloaded as ${filename}, ${stored} items stored, ${bytes.length} bytes`);
process.exit(0); // zeeschuimer.init's setInterval keeps running otherwise
