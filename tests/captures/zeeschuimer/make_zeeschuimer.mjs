// Run Zeeschuimer's own X/Twitter parser on real TweetDetail bodies and save its items as
// Zeeschuimer's ".ndjson (original)" export does.
//
//   node tests/captures/zeeschuimer/make_zeeschuimer.mjs /path/to/zeeschuimer
//
// /path/to/zeeschuimer is a checkout of github.com/digitalmethodsinitiative/zeeschuimer
// (MPL-2.0; these files were made at ffa27814846eeb8db3502edad05a592440527302, v1.14.2).
// Nothing of it is copied here: this script imports its modules/twitter.js as it is.
//
// What is Zeeschuimer's code and what is not:
// - the items are what `capture(response, source_platform_url, source_url)` of
//   modules/twitter.js returns for the response body (its code, unchanged, run by Node);
// - the envelope around each item is written here as js/zs-background.js writes it into
//   its IndexedDB ("insert", lines 297-308 at that commit: nav_index, item_id,
//   timestamp_collected, last_updated, source_platform, source_platform_url, source_url,
//   user_agent, data; IndexedDB's auto-increment `id` last), with its same-page duplicate
//   rule (an item_id already stored under this nav_index is skipped), because the
//   extension's background page needs Firefox's webRequest.filterResponseData;
// - each line is JSON.stringify(item) + "\n", as get_ndjson_blob in popup/interface.js.
// The time and browser are fixed (below), so the files are rebuilt byte for byte.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const REAL = join(HERE, "..", "real", "graphql");
const [checkout] = process.argv.slice(2);
if (!checkout) {
    console.error("usage: node make_zeeschuimer.mjs /path/to/zeeschuimer");
    process.exit(2);
}
const twitter = await import(pathToFileURL(join(checkout, "modules", "twitter.js")).href);

const COLLECTED = 1745830800000; // 2025-04-28T09:00:00Z, fixed so the files are reproducible
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
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

for (const capture of CAPTURES) {
    const response = readFileSync(join(REAL, capture.body), "utf8");
    const items = twitter.capture(response, capture.page, capture.api);
    const navIndex = "1:1:0"; // session 1, tab 1, first page of the tab
    const stored = [];
    for (const item of items) {
        const itemId = item["id"];
        if (itemId === undefined || itemId === null) continue; // zs-background.js skips these
        if (stored.some((s) => s.item_id === itemId && s.nav_index === navIndex)) continue;
        stored.push({
            nav_index: navIndex,
            item_id: itemId,
            timestamp_collected: COLLECTED,
            last_updated: COLLECTED,
            source_platform: twitter.MODULE_ID,
            source_platform_url: capture.page,
            source_url: capture.api,
            user_agent: USER_AGENT,
            data: item,
        });
        stored[stored.length - 1].id = stored.length;
    }
    writeFileSync(join(HERE, capture.out), stored.map((item) => JSON.stringify(item) + "\n").join(""));
    console.log(capture.out, items.length, "items captured,", stored.length, "stored");
}
