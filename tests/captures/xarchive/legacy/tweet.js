window.YTD.tweet.part0 = [
  {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ ]
    },
    "display_text_range" : [
      "0",
      "25"
    ],
    "favorite_count" : "387",
    "in_reply_to_status_id_str" : "1134746404255636679",
    "id_str" : "1134746655914270074",
    "in_reply_to_user_id" : "1331234567890123456",
    "truncated" : false,
    "retweet_count" : "43",
    "id" : "1134746655914270074",
    "in_reply_to_status_id" : "1134746404255636679",
    "created_at" : "Sat Jun 01 09:01:00 +0000 2019",
    "favorited" : false,
    "full_text" : "with its reply beside it.",
    "lang" : "en",
    "in_reply_to_screen_name" : "olena_analyst",
    "in_reply_to_user_id_str" : "1331234567890123456"
  },
  {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ ]
    },
    "display_text_range" : [
      "0",
      "28"
    ],
    "favorite_count" : "262",
    "id_str" : "1134746404255636679",
    "truncated" : false,
    "retweet_count" : "53",
    "id" : "1134746404255636679",
    "created_at" : "Sat Jun 01 09:00:00 +0000 2019",
    "favorited" : false,
    "full_text" : "A short one, all in tweet.js",
    "lang" : "en"
  },
  {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ ]
    },
    "display_text_range" : [
      "0",
      "26"
    ],
    "favorite_count" : "311",
    "in_reply_to_status_id_str" : "1102630282985207554",
    "id_str" : "1102631037959461669",
    "in_reply_to_user_id" : "1331234567890123456",
    "truncated" : false,
    "retweet_count" : "9",
    "id" : "1102631037959461669",
    "in_reply_to_status_id" : "1102630282985207554",
    "created_at" : "Mon Mar 04 18:05:00 +0000 2019",
    "favorited" : false,
    "full_text" : "and ended in the newest 3/",
    "lang" : "en",
    "in_reply_to_screen_name" : "olena_analyst",
    "in_reply_to_user_id_str" : "1331234567890123456"
  }
]