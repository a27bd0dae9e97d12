window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1988664373934783290"
          ],
          "editableUntil" : "2025-11-12T18:45:09.000Z",
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
        "46"
      ],
      "favorite_count" : "19",
      "in_reply_to_status_id_str" : "1988524665861835892",
      "id_str" : "1988664373934783290",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "11",
      "id" : "1988664373934783290",
      "in_reply_to_status_id" : "1988524665861835892",
      "created_at" : "Wed Nov 12 17:45:09 +0000 2025",
      "favorited" : false,
      "full_text" : "Correction: per the ministry's October report.",
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
            "1988524980434332802"
          ],
          "editableUntil" : "2025-11-12T09:31:15.000Z",
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
        "44"
      ],
      "favorite_count" : "465",
      "in_reply_to_status_id_str" : "1988524665861835892",
      "id_str" : "1988524980434332802",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "64",
      "id" : "1988524980434332802",
      "in_reply_to_status_id" : "1988524665861835892",
      "created_at" : "Wed Nov 12 08:31:15 +0000 2025",
      "favorited" : false,
      "full_text" : "They doubled since spring, per the ministry.",
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
            "1988524665861835892"
          ],
          "editableUntil" : "2025-11-12T09:30:00.000Z",
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
      "favorite_count" : "187",
      "id_str" : "1988524665861835892",
      "truncated" : false,
      "retweet_count" : "74",
      "id" : "1988524665861835892",
      "created_at" : "Wed Nov 12 08:30:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Quick note on drone production numbers:",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1988326359168964798"
          ],
          "editableUntil" : "2025-11-11T20:22:00.000Z",
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
        "20"
      ],
      "favorite_count" : "485",
      "in_reply_to_status_id_str" : "1988325855855007397",
      "id_str" : "1988326359168964798",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "28",
      "id" : "1988326359168964798",
      "in_reply_to_status_id" : "1988325855855007397",
      "created_at" : "Tue Nov 11 19:22:00 +0000 2025",
      "favorited" : false,
      "full_text" : "And the map is here.",
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
            "1988325855855007397"
          ],
          "editableUntil" : "2025-11-11T20:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Kyiv Independent",
            "screen_name" : "kyiv_indep",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1462548977367359490",
            "id" : "1462548977367359490"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "30",
      "in_reply_to_status_id_str" : "1987777240891883955",
      "id_str" : "1988325855855007397",
      "in_reply_to_user_id" : "1462548977367359490",
      "truncated" : false,
      "retweet_count" : "72",
      "id" : "1988325855855007397",
      "in_reply_to_status_id" : "1987777240891883955",
      "created_at" : "Tue Nov 11 19:20:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@kyiv_indep Thanks for the correction.",
      "lang" : "en",
      "in_reply_to_screen_name" : "kyiv_indep",
      "in_reply_to_user_id_str" : "1462548977367359490"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1987778499181465099"
          ],
          "editableUntil" : "2025-11-10T08:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Kyiv Independent",
            "screen_name" : "kyiv_indep",
            "indices" : [
              "3",
              "14"
            ],
            "id_str" : "1462548977367359490",
            "id" : "1462548977367359490"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "60"
      ],
      "favorite_count" : "46",
      "id_str" : "1987778499181465099",
      "truncated" : false,
      "retweet_count" : "70",
      "id" : "1987778499181465099",
      "created_at" : "Mon Nov 10 07:05:00 +0000 2025",
      "favorited" : false,
      "full_text" : "RT @kyiv_indep: Breaking: new rail bridge opened near Dnipro",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1987041140536765208"
          ],
          "editableUntil" : "2025-11-08T07:15:00.000Z",
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
        "28"
      ],
      "favorite_count" : "295",
      "id_str" : "1987041140536765208",
      "truncated" : false,
      "retweet_count" : "74",
      "id" : "1987041140536765208",
      "created_at" : "Sat Nov 08 06:15:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Good morning from Kharkiv ☀️",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1986057668523541911"
          ],
          "editableUntil" : "2025-11-05T14:07:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "Ukraine",
            "indices" : [
              "74",
              "82"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "420",
      "in_reply_to_status_id_str" : "1986057072935078291",
      "id_str" : "1986057668523541911",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "68",
      "id" : "1986057668523541911",
      "in_reply_to_status_id" : "1986057072935078291",
      "created_at" : "Wed Nov 05 13:07:02 +0000 2025",
      "favorited" : false,
      "full_text" : "3/3 Bottom line: watch the rail hubs, not the headlines.\r\nMore soon 🙏 #Ukraine",
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
            "1986057072935078291"
          ],
          "editableUntil" : "2025-11-05T14:04:40.000Z",
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
        "urls" : [
          {
            "url" : "https://t.co/Xq3mR8vTzA",
            "expanded_url" : "https://example.org/rail-map",
            "display_url" : "example.org/rail-map",
            "indices" : [
              "83",
              "106"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "113"
      ],
      "favorite_count" : "333",
      "in_reply_to_status_id_str" : "1986056447983186778",
      "id_str" : "1986057072935078291",
      "in_reply_to_user_id" : "1331234567890123456",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1986057072935078291",
      "in_reply_to_status_id" : "1986056447983186778",
      "created_at" : "Wed Nov 05 13:04:40 +0000 2025",
      "favorited" : false,
      "full_text" : "2/3 Логістика: залізниця &lt;-&gt; дороги. Rail feeds the roads, not the other way round. https://t.co/Xq3mR8vTzA",
      "lang" : "uk",
      "in_reply_to_screen_name" : "olena_analyst",
      "in_reply_to_user_id_str" : "1331234567890123456"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1986056447983186778"
          ],
          "editableUntil" : "2025-11-05T14:02:11.000Z",
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
        "90"
      ],
      "favorite_count" : "485",
      "id_str" : "1986056447983186778",
      "truncated" : false,
      "retweet_count" : "19",
      "id" : "1986056447983186778",
      "created_at" : "Wed Nov 05 13:02:11 +0000 2025",
      "favorited" : false,
      "full_text" : "1/3 Why the front near Pokrovsk matters &amp; what to watch this winter 🧵\n\nA short thread.",
      "lang" : "en"
    }
  }
]