window.YTD.tweet.part1 = [
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
      "31"
    ],
    "favorite_count" : "373",
    "in_reply_to_status_id_str" : "1102629779668364944",
    "id_str" : "1102630282985207554",
    "in_reply_to_user_id" : "1331234567890123456",
    "truncated" : false,
    "retweet_count" : "57",
    "id" : "1102630282985207554",
    "in_reply_to_status_id" : "1102629779668364944",
    "created_at" : "Mon Mar 04 18:02:00 +0000 2019",
    "favorited" : false,
    "full_text" : "continued in the middle part 2/",
    "lang" : "en",
    "in_reply_to_screen_name" : "olena_analyst",
    "in_reply_to_user_id_str" : "1331234567890123456"
  }
]