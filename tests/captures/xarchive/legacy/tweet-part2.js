window.YTD.tweet.part2 = [
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
      "42"
    ],
    "favorite_count" : "268",
    "id_str" : "1102629779668364944",
    "truncated" : false,
    "retweet_count" : "63",
    "id" : "1102629779668364944",
    "created_at" : "Mon Mar 04 18:00:00 +0000 2019",
    "favorited" : false,
    "full_text" : "A 2019 thread, begun in the oldest part 1/",
    "lang" : "en"
  }
]