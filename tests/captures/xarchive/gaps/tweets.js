window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963936145865653901"
          ],
          "editableUntil" : "2025-09-05T13:04:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "9"
      ],
      "favorite_count" : "41",
      "in_reply_to_status_id_str" : "1963935894206874264",
      "id_str" : "1963936145865653901",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "73",
      "id" : "1963936145865653901",
      "in_reply_to_status_id" : "1963935894206874264",
      "created_at" : "Fri Sep 05 12:04:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Then gas.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963935894206874264"
          ],
          "editableUntil" : "2025-09-05T13:03:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "10"
      ],
      "favorite_count" : "357",
      "in_reply_to_status_id_str" : "1963935642550159444",
      "id_str" : "1963935894206874264",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "99",
      "id" : "1963935894206874264",
      "in_reply_to_status_id" : "1963935642550159444",
      "created_at" : "Fri Sep 05 12:03:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Then coal.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963935390892792023"
          ],
          "editableUntil" : "2025-09-05T13:01:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "13"
      ],
      "favorite_count" : "299",
      "in_reply_to_status_id_str" : "1963935139234233176",
      "id_str" : "1963935390892792023",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "58",
      "id" : "1963935390892792023",
      "in_reply_to_status_id" : "1963935139234233176",
      "created_at" : "Fri Sep 05 12:01:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Diesel first.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963935139234233176"
          ],
          "editableUntil" : "2025-09-05T13:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
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
        "39"
      ],
      "favorite_count" : "397",
      "id_str" : "1963935139234233176",
      "truncated" : false,
      "retweet_count" : "40",
      "id" : "1963935139234233176",
      "created_at" : "Fri Sep 05 12:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "An unnumbered thread about winter fuel.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963166071650933978"
          ],
          "editableUntil" : "2025-09-03T10:04:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "24"
      ],
      "favorite_count" : "254",
      "in_reply_to_status_id_str" : "1963165819991492984",
      "id_str" : "1963166071650933978",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "87",
      "id" : "1963166071650933978",
      "in_reply_to_status_id" : "1963165819991492984",
      "created_at" : "Wed Sep 03 09:04:00 +0000 2025",
      "favorited" : false,
      "full_text" : "5/5 Crews are the third.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963165819991492984"
          ],
          "editableUntil" : "2025-09-03T10:03:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
      "favorite_count" : "288",
      "in_reply_to_status_id_str" : "1963165568334302248",
      "id_str" : "1963165819991492984",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "7",
      "id" : "1963165819991492984",
      "in_reply_to_status_id" : "1963165568334302248",
      "created_at" : "Wed Sep 03 09:03:00 +0000 2025",
      "favorited" : false,
      "full_text" : "4/5 Radars are the second.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963165316676002314"
          ],
          "editableUntil" : "2025-09-03T10:01:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "36"
      ],
      "favorite_count" : "52",
      "in_reply_to_status_id_str" : "1963165065017234384",
      "id_str" : "1963165316676002314",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "74",
      "id" : "1963165316676002314",
      "in_reply_to_status_id" : "1963165065017234384",
      "created_at" : "Wed Sep 03 09:01:00 +0000 2025",
      "favorited" : false,
      "full_text" : "2/5 Interceptors are the bottleneck.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1963165065017234384"
          ],
          "editableUntil" : "2025-09-03T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
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
      "favorite_count" : "292",
      "id_str" : "1963165065017234384",
      "truncated" : false,
      "retweet_count" : "39",
      "id" : "1963165065017234384",
      "created_at" : "Wed Sep 03 09:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "1/5 Five points on air defence.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1962455892098355690"
          ],
          "editableUntil" : "2025-09-01T11:02:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
      "favorite_count" : "214",
      "in_reply_to_status_id_str" : "1962455640438077035",
      "id_str" : "1962455892098355690",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "18",
      "id" : "1962455892098355690",
      "in_reply_to_status_id" : "1962455640438077035",
      "created_at" : "Mon Sep 01 10:02:00 +0000 2025",
      "favorited" : false,
      "full_text" : "3/3 Only these two remain.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1962455640438077035"
          ],
          "editableUntil" : "2025-09-01T11:01:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "40"
      ],
      "favorite_count" : "285",
      "in_reply_to_status_id_str" : "1962455388782773869",
      "id_str" : "1962455640438077035",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "17",
      "id" : "1962455640438077035",
      "in_reply_to_status_id" : "1962455388782773869",
      "created_at" : "Mon Sep 01 10:01:00 +0000 2025",
      "favorited" : false,
      "full_text" : "2/3 The root of this thread was deleted.",
      "lang" : "en",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  }
]