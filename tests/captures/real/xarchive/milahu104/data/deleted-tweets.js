window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029583929812873669"
          ],
          "editableUntil" : "2026-03-05T16:44:51.000Z",
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
            "name" : "Dominik Kettner",
            "screen_name" : "Dominik_Kettner",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "782506632",
            "id" : "782506632"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "48"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029474547875840042",
      "id_str" : "2029583929812873669",
      "in_reply_to_user_id" : "782506632",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029583929812873669",
      "in_reply_to_status_id" : "2029474547875840042",
      "created_at" : "Thu Mar 05 15:44:51 +0000 2026",
      "favorited" : false,
      "full_text" : "@Dominik_Kettner niemand will für israel kämpfen",
      "lang" : "de",
      "in_reply_to_screen_name" : "Dominik_Kettner",
      "in_reply_to_user_id_str" : "782506632",
      "deleted_at" : "Thu Mar 05 16:08:05 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029545626896326767"
          ],
          "editableUntil" : "2026-03-05T14:12:39.000Z",
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
            "name" : "Eddie Graf",
            "screen_name" : "Eddie_1412",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "24363209",
            "id" : "24363209"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029537495788994759",
      "id_str" : "2029545626896326767",
      "in_reply_to_user_id" : "24363209",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029545626896326767",
      "in_reply_to_status_id" : "2029537495788994759",
      "created_at" : "Thu Mar 05 13:12:39 +0000 2026",
      "favorited" : false,
      "full_text" : "@Eddie_1412 \"immer noch besser als die AFD\"\n\nhow low can you go?",
      "lang" : "en",
      "in_reply_to_screen_name" : "Eddie_1412",
      "in_reply_to_user_id_str" : "24363209",
      "deleted_at" : "Thu Mar 05 13:12:47 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028527746163331392"
          ],
          "editableUntil" : "2026-03-02T18:47:57.565Z",
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
            "name" : "Dr. Christoph Canne",
            "screen_name" : "ChristophCanne",
            "indices" : [
              "3",
              "18"
            ],
            "id_str" : "285323487",
            "id" : "285323487"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "140"
      ],
      "favorite_count" : "0",
      "id_str" : "2028527746163331392",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028527746163331392",
      "created_at" : "Mon Mar 02 17:47:57 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @ChristophCanne: Dass China in Europa eine \"Klimabewegung\" fördern konnte, die weite Teile des Kontinents in die  Deindustrialisierung s…",
      "lang" : "de",
      "deleted_at" : "Mon Mar 02 17:49:31 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028430526856470800"
          ],
          "editableUntil" : "2026-03-02T12:21:38.000Z",
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
            "name" : "Matteo Pedicillo | AfD Rheinland-Pfalz",
            "screen_name" : "scrogo_de",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "1903332216010129408",
            "id" : "1903332216010129408"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "89"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028349566265827667",
      "id_str" : "2028430526856470800",
      "in_reply_to_user_id" : "1903332216010129408",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028430526856470800",
      "in_reply_to_status_id" : "2028349566265827667",
      "created_at" : "Mon Mar 02 11:21:38 +0000 2026",
      "favorited" : false,
      "full_text" : "@scrogo_de staatliche erzieher und staatliche lehrer...\nganz oben auf meiner todesliste ⸸",
      "lang" : "de",
      "in_reply_to_screen_name" : "scrogo_de",
      "in_reply_to_user_id_str" : "1903332216010129408",
      "deleted_at" : "Tue Mar 03 19:36:00 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028428089630298588"
          ],
          "editableUntil" : "2026-03-02T12:11:57.000Z",
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
            "name" : "Marie",
            "screen_name" : "kripp_m",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "1544305114336428032",
            "id" : "1544305114336428032"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/0pQ5zTph5X",
            "expanded_url" : "https://en.wikipedia.org/wiki/Better_dead_than_red",
            "display_url" : "en.wikipedia.org/wiki/Better_de…",
            "indices" : [
              "46",
              "69"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "69"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028394791919087817",
      "id_str" : "2028428089630298588",
      "in_reply_to_user_id" : "1544305114336428032",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028428089630298588",
      "in_reply_to_status_id" : "2028394791919087817",
      "possibly_sensitive" : false,
      "created_at" : "Mon Mar 02 11:11:57 +0000 2026",
      "favorited" : false,
      "full_text" : "@kripp_m übersetzung:\n\"better dead than blue\"\nhttps://t.co/0pQ5zTph5X",
      "lang" : "de",
      "in_reply_to_screen_name" : "kripp_m",
      "in_reply_to_user_id_str" : "1544305114336428032",
      "deleted_at" : "Mon Mar 02 11:12:08 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028414641374625834"
          ],
          "editableUntil" : "2026-03-02T11:18:31.282Z",
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
            "name" : "InfraRot _Medien",
            "screen_name" : "Infrarot_Medien",
            "indices" : [
              "3",
              "19"
            ],
            "id_str" : "1724798314821066752",
            "id" : "1724798314821066752"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "139"
      ],
      "favorite_count" : "0",
      "id_str" : "2028414641374625834",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028414641374625834",
      "created_at" : "Mon Mar 02 10:18:31 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @Infrarot_Medien: Das deutsche Steuersystem ist kaputt.\nEine Familie mit zwei Kindern. Beide Elternteile sind berufstätig.\n\nEgal ob sie…",
      "lang" : "de",
      "deleted_at" : "Mon Mar 02 10:20:39 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028148980807336303"
          ],
          "editableUntil" : "2026-03-01T17:42:52.000Z",
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
            "name" : "Tom B. (gesicherter Freidenker)",
            "screen_name" : "BTom1974",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1121566828323586051",
            "id" : "1121566828323586051"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "24"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028047540554191172",
      "id_str" : "2028148980807336303",
      "in_reply_to_user_id" : "1121566828323586051",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028148980807336303",
      "in_reply_to_status_id" : "2028047540554191172",
      "created_at" : "Sun Mar 01 16:42:52 +0000 2026",
      "favorited" : false,
      "full_text" : "@BTom1974 +10% inflatino",
      "lang" : "es",
      "in_reply_to_screen_name" : "BTom1974",
      "in_reply_to_user_id_str" : "1121566828323586051",
      "deleted_at" : "Sun Mar 01 16:43:07 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028068878631207153"
          ],
          "editableUntil" : "2026-03-01T12:24:35.000Z",
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
            "name" : "Andrew Bridgen",
            "screen_name" : "ABridgen",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "309587728",
            "id" : "309587728"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/fagzQHCEH6",
            "expanded_url" : "https://x.com/status/2026695490616611094",
            "display_url" : "x.com/status/2026695…",
            "indices" : [
              "10",
              "33"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "33"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027804684879380667",
      "id_str" : "2028068878631207153",
      "in_reply_to_user_id" : "309587728",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028068878631207153",
      "in_reply_to_status_id" : "2027804684879380667",
      "possibly_sensitive" : false,
      "created_at" : "Sun Mar 01 11:24:35 +0000 2026",
      "favorited" : false,
      "full_text" : "@ABridgen https://t.co/fagzQHCEH6",
      "lang" : "qme",
      "in_reply_to_screen_name" : "ABridgen",
      "in_reply_to_user_id_str" : "309587728",
      "deleted_at" : "Sun Mar 01 11:24:44 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027840876244836659"
          ],
          "editableUntil" : "2026-02-28T21:18:35.015Z",
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
            "name" : "Illimitable Man Bot • Red Pill",
            "screen_name" : "IllimitableBot",
            "indices" : [
              "3",
              "18"
            ],
            "id_str" : "1309740381500665857",
            "id" : "1309740381500665857"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "140"
      ],
      "favorite_count" : "0",
      "id_str" : "2027840876244836659",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027840876244836659",
      "created_at" : "Sat Feb 28 20:18:35 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @IllimitableBot: The lower their IQ, the higher your stress.\n\nApplies to everything:\n\n-Employees\n-Housemates\n-Classmates\n-Children\n-Pare…",
      "lang" : "en",
      "deleted_at" : "Sat Feb 28 20:20:42 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027779637074358664"
          ],
          "editableUntil" : "2026-02-28T17:15:14.000Z",
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
            "name" : "InfraRot _Medien",
            "screen_name" : "Infrarot_Medien",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "1724798314821066752",
            "id" : "1724798314821066752"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "86"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027730510609367399",
      "id_str" : "2027779637074358664",
      "in_reply_to_user_id" : "1724798314821066752",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027779637074358664",
      "in_reply_to_status_id" : "2027730510609367399",
      "created_at" : "Sat Feb 28 16:15:14 +0000 2026",
      "favorited" : false,
      "full_text" : "@Infrarot_Medien &gt; was muss ich dafür tun\n\nschritt 1: ein kompletter vollidiot sein",
      "lang" : "de",
      "in_reply_to_screen_name" : "Infrarot_Medien",
      "in_reply_to_user_id_str" : "1724798314821066752",
      "deleted_at" : "Sat Feb 28 16:15:26 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027756742197551556"
          ],
          "editableUntil" : "2026-02-28T15:44:15.000Z",
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
            "name" : "JuleWo",
            "screen_name" : "WollJule",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1082321983403114498",
            "id" : "1082321983403114498"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "95"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027409770680836486",
      "id_str" : "2027756742197551556",
      "in_reply_to_user_id" : "1082321983403114498",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027756742197551556",
      "in_reply_to_status_id" : "2027409770680836486",
      "created_at" : "Sat Feb 28 14:44:15 +0000 2026",
      "favorited" : false,
      "full_text" : "@WollJule &gt; unterstellen permanent böse Absichten\n\npsychotherapeuten sind teil vom problem ⸸",
      "lang" : "de",
      "in_reply_to_screen_name" : "WollJule",
      "in_reply_to_user_id_str" : "1082321983403114498",
      "deleted_at" : "Sat Feb 28 14:44:27 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027737443122769985"
          ],
          "editableUntil" : "2026-02-28T14:27:34.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "user_mentions" : [
          {
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [ ],
        "symbols" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/milahu104/status/2027737443122769985/photo/1",
            "indices" : [
              "89",
              "112"
            ],
            "url" : "https://t.co/m9nYwfB5oZ",
            "media_url" : "http://pbs.twimg.com/media/HCP4VPIWkAADmOs.jpg",
            "id_str" : "2027737300969361408",
            "id" : "2027737300969361408",
            "media_url_https" : "https://pbs.twimg.com/media/HCP4VPIWkAADmOs.jpg",
            "sizes" : {
              "large" : {
                "w" : "1536",
                "h" : "1024",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "453",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "1200",
                "h" : "800",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/m9nYwfB5oZ"
          }
        ],
        "hashtags" : [ ]
      },
      "display_text_range" : [
        "0",
        "112"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027488215242825775",
      "id_str" : "2027737443122769985",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027737443122769985",
      "in_reply_to_status_id" : "2027488215242825775",
      "possibly_sensitive" : false,
      "created_at" : "Sat Feb 28 13:27:34 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole Doctor: \"Your cholesterol is 250 on carnivore. Very concerning.\"\n\nSama Hoole: https://t.co/m9nYwfB5oZ",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806",
      "deleted_at" : "Sat Feb 28 13:43:50 +0000 2026",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/milahu104/status/2027737443122769985/photo/1",
            "indices" : [
              "89",
              "112"
            ],
            "url" : "https://t.co/m9nYwfB5oZ",
            "media_url" : "http://pbs.twimg.com/media/HCP4VPIWkAADmOs.jpg",
            "id_str" : "2027737300969361408",
            "id" : "2027737300969361408",
            "media_url_https" : "https://pbs.twimg.com/media/HCP4VPIWkAADmOs.jpg",
            "sizes" : {
              "large" : {
                "w" : "1536",
                "h" : "1024",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "453",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "1200",
                "h" : "800",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/m9nYwfB5oZ"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027734495013560724"
          ],
          "editableUntil" : "2026-02-28T14:15:51.000Z",
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
            "name" : "70대자유인",
            "screen_name" : "vitahyoso",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "119645299",
            "id" : "119645299"
          },
          {
            "name" : "Mehdi (e/λ)",
            "screen_name" : "BetterCallMedhi",
            "indices" : [
              "11",
              "27"
            ],
            "id_str" : "1355263947604193283",
            "id" : "1355263947604193283"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "204"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027694768424423599",
      "id_str" : "2027734495013560724",
      "in_reply_to_user_id" : "119645299",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027734495013560724",
      "in_reply_to_status_id" : "2027694768424423599",
      "created_at" : "Sat Feb 28 13:15:51 +0000 2026",
      "favorited" : false,
      "full_text" : "@vitahyoso @BetterCallMedhi &gt; The real solution is a hybrid model\n\nyep, paradise on earth is a hybrid between one world government and 3 million tribes = 500 million humans, all eating a carnivore diet",
      "lang" : "en",
      "in_reply_to_screen_name" : "vitahyoso",
      "in_reply_to_user_id_str" : "119645299",
      "deleted_at" : "Sat Feb 28 13:16:20 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027427594912567510"
          ],
          "editableUntil" : "2026-02-27T17:56:21.000Z",
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
            "name" : "Straight57",
            "screen_name" : "Sondermodell",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1666512551151017993",
            "id" : "1666512551151017993"
          },
          {
            "name" : "🇩🇪TDofNoName 🇩🇪",
            "screen_name" : "TD_of_NoName",
            "indices" : [
              "14",
              "27"
            ],
            "id_str" : "1658432575784755203",
            "id" : "1658432575784755203"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027122978274566180",
      "id_str" : "2027427594912567510",
      "in_reply_to_user_id" : "1666512551151017993",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027427594912567510",
      "in_reply_to_status_id" : "2027122978274566180",
      "created_at" : "Fri Feb 27 16:56:21 +0000 2026",
      "favorited" : false,
      "full_text" : "@Sondermodell @TD_of_NoName fake quote",
      "lang" : "en",
      "in_reply_to_screen_name" : "Sondermodell",
      "in_reply_to_user_id_str" : "1666512551151017993",
      "deleted_at" : "Fri Feb 27 16:56:51 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027426349653148003"
          ],
          "editableUntil" : "2026-02-27T17:51:24.174Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "user_mentions" : [
          {
            "name" : "🇩🇪TDofNoName 🇩🇪",
            "screen_name" : "TD_of_NoName",
            "indices" : [
              "3",
              "16"
            ],
            "id_str" : "1658432575784755203",
            "id" : "1658432575784755203"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/ixqeVN1ZFm",
            "expanded_url" : "https://www.instagram.com/raik_garve_gesundheitslehrer",
            "display_url" : "instagram.com/raik_garve_ges…",
            "indices" : [
              "18",
              "41"
            ]
          }
        ],
        "symbols" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/TD_of_NoName/status/2027036383907398083/video/1",
            "source_status_id" : "2027036383907398083",
            "indices" : [
              "116",
              "139"
            ],
            "url" : "https://t.co/7jj0vfGPvg",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/2027036275954360320/img/DbYJpKb1QMm5rwbS.jpg",
            "id_str" : "2027036275954360320",
            "source_user_id" : "1658432575784755203",
            "id" : "2027036275954360320",
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/2027036275954360320/img/DbYJpKb1QMm5rwbS.jpg",
            "source_user_id_str" : "1658432575784755203",
            "sizes" : {
              "medium" : {
                "w" : "675",
                "h" : "1200",
                "resize" : "fit"
              },
              "large" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "small" : {
                "w" : "383",
                "h" : "680",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "source_status_id_str" : "2027036383907398083",
            "display_url" : "pic.x.com/7jj0vfGPvg"
          }
        ],
        "hashtags" : [ ]
      },
      "display_text_range" : [
        "0",
        "139"
      ],
      "favorite_count" : "0",
      "id_str" : "2027426349653148003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027426349653148003",
      "possibly_sensitive" : false,
      "created_at" : "Fri Feb 27 16:51:24 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @TD_of_NoName: https://t.co/ixqeVN1ZFm\nEin Zitat von 1956: Um Aufstand zu unterdrücken, braucht es keine Gewalt. https://t.co/7jj0vfGPvg",
      "lang" : "de",
      "deleted_at" : "Fri Feb 27 17:04:53 +0000 2026",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/TD_of_NoName/status/2027036383907398083/video/1",
            "source_status_id" : "2027036383907398083",
            "indices" : [
              "116",
              "139"
            ],
            "url" : "https://t.co/7jj0vfGPvg",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/2027036275954360320/img/DbYJpKb1QMm5rwbS.jpg",
            "id_str" : "2027036275954360320",
            "video_info" : {
              "aspect_ratio" : [
                "9",
                "16"
              ],
              "duration_millis" : "90040",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/amplify_video/2027036275954360320/pl/oXCtA-C0uSH0U_Ck.m3u8?tag=14&v=254"
                },
                {
                  "bitrate" : "950000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/2027036275954360320/vid/avc1/480x852/NNQ4ms61MOX5KK9C.mp4?tag=14"
                },
                {
                  "bitrate" : "632000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/2027036275954360320/vid/avc1/320x568/xIhi_GVfQ952da_e.mp4?tag=14"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/2027036275954360320/vid/avc1/720x1280/dMRfyD27ius-s0fd.mp4?tag=14"
                }
              ]
            },
            "source_user_id" : "1658432575784755203",
            "additional_media_info" : {
              "monetizable" : false
            },
            "id" : "2027036275954360320",
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/2027036275954360320/img/DbYJpKb1QMm5rwbS.jpg",
            "source_user_id_str" : "1658432575784755203",
            "sizes" : {
              "medium" : {
                "w" : "675",
                "h" : "1200",
                "resize" : "fit"
              },
              "large" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "small" : {
                "w" : "383",
                "h" : "680",
                "resize" : "fit"
              }
            },
            "type" : "video",
            "source_status_id_str" : "2027036383907398083",
            "display_url" : "pic.x.com/7jj0vfGPvg"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027328925026730284"
          ],
          "editableUntil" : "2026-02-27T11:24:16.000Z",
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
            "name" : "Kristina Schröder",
            "screen_name" : "schroeder_k",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "18761526",
            "id" : "18761526"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027296318511591760",
      "id_str" : "2027328925026730284",
      "in_reply_to_user_id" : "18761526",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027328925026730284",
      "in_reply_to_status_id" : "2027296318511591760",
      "created_at" : "Fri Feb 27 10:24:16 +0000 2026",
      "favorited" : false,
      "full_text" : "@schroeder_k das hass sitzt tief und wartet auf die nächste kanalisierung",
      "lang" : "de",
      "in_reply_to_screen_name" : "schroeder_k",
      "in_reply_to_user_id_str" : "18761526",
      "deleted_at" : "Fri Feb 27 10:24:32 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029491265201426780"
          ],
          "editableUntil" : "2026-03-05T10:36:38.000Z",
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
            "name" : "Dr. David Lütke",
            "screen_name" : "DrLuetke",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1296520664980099072",
            "id" : "1296520664980099072"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029449998996267462",
      "id_str" : "2029491265201426780",
      "in_reply_to_user_id" : "1296520664980099072",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029491265201426780",
      "in_reply_to_status_id" : "2029449998996267462",
      "created_at" : "Thu Mar 05 09:36:38 +0000 2026",
      "favorited" : false,
      "full_text" : "@DrLuetke scheiss auf den treibhauseffekt.\nunser größtes problem ist globale übervölkerung",
      "lang" : "de",
      "in_reply_to_screen_name" : "DrLuetke",
      "in_reply_to_user_id_str" : "1296520664980099072",
      "deleted_at" : "Thu Mar 05 09:36:47 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029287528201605208"
          ],
          "editableUntil" : "2026-03-04T21:07:03.000Z",
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
            "name" : "King of the Marsh",
            "screen_name" : "KingVelesI",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1518868320497319941",
            "id" : "1518868320497319941"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029235296680780276",
      "id_str" : "2029287528201605208",
      "in_reply_to_user_id" : "1518868320497319941",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029287528201605208",
      "in_reply_to_status_id" : "2029235296680780276",
      "created_at" : "Wed Mar 04 20:07:03 +0000 2026",
      "favorited" : false,
      "full_text" : "@KingVelesI &gt; Move to a remote area\n\nKazakhstan?",
      "lang" : "en",
      "in_reply_to_screen_name" : "KingVelesI",
      "in_reply_to_user_id_str" : "1518868320497319941",
      "deleted_at" : "Wed Mar 04 20:07:33 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027328874380435811"
          ],
          "editableUntil" : "2026-02-27T11:24:04.000Z",
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
            "name" : "Kristina Schröder",
            "screen_name" : "schroeder_k",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "18761526",
            "id" : "18761526"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027296318511591760",
      "id_str" : "2027328874380435811",
      "in_reply_to_user_id" : "18761526",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027328874380435811",
      "in_reply_to_status_id" : "2027296318511591760",
      "created_at" : "Fri Feb 27 10:24:04 +0000 2026",
      "favorited" : false,
      "full_text" : "@schroeder_k das hass sitzt tief und wartet auf die nächste kanalisation",
      "lang" : "de",
      "in_reply_to_screen_name" : "schroeder_k",
      "in_reply_to_user_id_str" : "18761526",
      "deleted_at" : "Fri Feb 27 10:24:12 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027306084604543214"
          ],
          "editableUntil" : "2026-02-27T09:53:30.000Z",
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
            "name" : "„Plagiatsjäger“",
            "screen_name" : "SprachPhilo",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1521510797628915712",
            "id" : "1521510797628915712"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "70"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027031425296289995",
      "id_str" : "2027306084604543214",
      "in_reply_to_user_id" : "1521510797628915712",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027306084604543214",
      "in_reply_to_status_id" : "2027031425296289995",
      "created_at" : "Fri Feb 27 08:53:30 +0000 2026",
      "favorited" : false,
      "full_text" : "@SprachPhilo die kann nicht mal \"vollumfänglich\" richtig schreiben : D",
      "lang" : "de",
      "in_reply_to_screen_name" : "SprachPhilo",
      "in_reply_to_user_id_str" : "1521510797628915712",
      "deleted_at" : "Fri Feb 27 08:53:38 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027284214530310570"
          ],
          "editableUntil" : "2026-02-27T08:26:36.000Z",
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
            "name" : "henning rosenbusch",
            "screen_name" : "rosenbusch_",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1314116355197743105",
            "id" : "1314116355197743105"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "161"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027121450923250083",
      "id_str" : "2027284214530310570",
      "in_reply_to_user_id" : "1314116355197743105",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027284214530310570",
      "in_reply_to_status_id" : "2027121450923250083",
      "created_at" : "Fri Feb 27 07:26:36 +0000 2026",
      "favorited" : false,
      "full_text" : "@rosenbusch_ wir hätten wetten sollen, und die verlierer müssen sterben. oh warte, wir haben, gewettet, und die verlierer müssen sterben, aber viel zu langsam...",
      "lang" : "de",
      "in_reply_to_screen_name" : "rosenbusch_",
      "in_reply_to_user_id_str" : "1314116355197743105",
      "deleted_at" : "Fri Feb 27 07:26:48 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027106877234958456"
          ],
          "editableUntil" : "2026-02-26T20:41:56.000Z",
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
            "name" : "Paul Saladino, MD",
            "screen_name" : "paulsaladinomd",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1081022379910881280",
            "id" : "1081022379910881280"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "97"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2027073694854427029",
      "id_str" : "2027106877234958456",
      "in_reply_to_user_id" : "1081022379910881280",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027106877234958456",
      "in_reply_to_status_id" : "2027073694854427029",
      "created_at" : "Thu Feb 26 19:41:56 +0000 2026",
      "favorited" : false,
      "full_text" : "@paulsaladinomd in the front feet area is the most radiation.\nmy EMF meter says \"out of range\"...",
      "lang" : "en",
      "in_reply_to_screen_name" : "paulsaladinomd",
      "in_reply_to_user_id_str" : "1081022379910881280",
      "deleted_at" : "Thu Feb 26 19:42:05 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2027006574795923599"
          ],
          "editableUntil" : "2026-02-26T14:03:22.000Z",
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
            "name" : "Bitcoin Hotel",
            "screen_name" : "bitcoin_hotel",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "1467486561742823428",
            "id" : "1467486561742823428"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "165"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026916373801132535",
      "id_str" : "2027006574795923599",
      "in_reply_to_user_id" : "1467486561742823428",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2027006574795923599",
      "in_reply_to_status_id" : "2026916373801132535",
      "created_at" : "Thu Feb 26 13:03:22 +0000 2026",
      "favorited" : false,
      "full_text" : "@bitcoin_hotel sie werden trotzdem weitermachen, diese leute sind zu narrow-minded für veränderung.\nalte bäume soll man nicht verpflanzen, alte bäume soll man fällen",
      "lang" : "de",
      "in_reply_to_screen_name" : "bitcoin_hotel",
      "in_reply_to_user_id_str" : "1467486561742823428",
      "deleted_at" : "Thu Feb 26 13:03:33 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026986070051524630"
          ],
          "editableUntil" : "2026-02-26T12:41:53.000Z",
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
            "name" : "sparbuchfeinde",
            "screen_name" : "sparbuchfeinde",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1540013575212875777",
            "id" : "1540013575212875777"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "89"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026635971001712650",
      "id_str" : "2026986070051524630",
      "in_reply_to_user_id" : "1540013575212875777",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026986070051524630",
      "in_reply_to_status_id" : "2026635971001712650",
      "created_at" : "Thu Feb 26 11:41:53 +0000 2026",
      "favorited" : false,
      "full_text" : "@sparbuchfeinde sind diese leute zu arm zum auswandern?\nwie kurzsichtig muss man sein...?",
      "lang" : "de",
      "in_reply_to_screen_name" : "sparbuchfeinde",
      "in_reply_to_user_id_str" : "1540013575212875777",
      "deleted_at" : "Thu Feb 26 11:42:01 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026980834054476151"
          ],
          "editableUntil" : "2026-02-26T12:21:04.000Z",
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
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "213"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026975323074511244",
      "id_str" : "2026980834054476151",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026980834054476151",
      "in_reply_to_status_id" : "2026975323074511244",
      "created_at" : "Thu Feb 26 11:21:04 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole &gt; not eating enough plants\n\nvegans are people who identify as ruminants.\nas a therapy, we could lock vegans up in a pasture, then they can eat grass all day, and someday we can eat them. win-win-win!",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806",
      "deleted_at" : "Thu Feb 26 11:21:29 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026963906405556402"
          ],
          "editableUntil" : "2026-02-26T11:13:49.000Z",
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
            "name" : "Lebkuchen-ens",
            "screen_name" : "cegs17",
            "indices" : [
              "0",
              "7"
            ],
            "id_str" : "1172921012910006272",
            "id" : "1172921012910006272"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "32"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026798688757015013",
      "id_str" : "2026963906405556402",
      "in_reply_to_user_id" : "1172921012910006272",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026963906405556402",
      "in_reply_to_status_id" : "2026798688757015013",
      "created_at" : "Thu Feb 26 10:13:49 +0000 2026",
      "favorited" : false,
      "full_text" : "@cegs17 one father, six children",
      "lang" : "en",
      "in_reply_to_screen_name" : "cegs17",
      "in_reply_to_user_id_str" : "1172921012910006272",
      "deleted_at" : "Thu Feb 26 10:14:00 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026952927420494263"
          ],
          "editableUntil" : "2026-02-26T10:30:11.000Z",
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
            "name" : "Emanuel Boeminghaus",
            "screen_name" : "E_Boeminghaus",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "3824124982",
            "id" : "3824124982"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "115"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026644566472790492",
      "id_str" : "2026952927420494263",
      "in_reply_to_user_id" : "3824124982",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026952927420494263",
      "in_reply_to_status_id" : "2026644566472790492",
      "created_at" : "Thu Feb 26 09:30:11 +0000 2026",
      "favorited" : false,
      "full_text" : "@E_Boeminghaus &gt; Wer KI versteht, versteht die Zukunft\n\ndie meisten leute können noch nicht mal programmieren...",
      "lang" : "de",
      "in_reply_to_screen_name" : "E_Boeminghaus",
      "in_reply_to_user_id_str" : "3824124982",
      "deleted_at" : "Thu Feb 26 09:30:23 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026950757644227051"
          ],
          "editableUntil" : "2026-02-26T10:21:34.000Z",
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
            "name" : "Thomas Massie",
            "screen_name" : "RepThomasMassie",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "975200486",
            "id" : "975200486"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "142"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026386556072685678",
      "id_str" : "2026950757644227051",
      "in_reply_to_user_id" : "975200486",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026950757644227051",
      "in_reply_to_status_id" : "2026386556072685678",
      "created_at" : "Thu Feb 26 09:21:34 +0000 2026",
      "favorited" : false,
      "full_text" : "@RepThomasMassie chemical warfare is a pacifist method of mass murder. so the actual problem is pacifism, and the actual solution is tribalism",
      "lang" : "en",
      "in_reply_to_screen_name" : "RepThomasMassie",
      "in_reply_to_user_id_str" : "975200486",
      "deleted_at" : "Thu Feb 26 09:22:04 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026946065060995581"
          ],
          "editableUntil" : "2026-02-26T10:02:55.000Z",
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
            "name" : "Martin Sellner",
            "screen_name" : "MartinSellner_",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "2510374854",
            "id" : "2510374854"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "224"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026779778339025132",
      "id_str" : "2026946065060995581",
      "in_reply_to_user_id" : "2510374854",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026946065060995581",
      "in_reply_to_status_id" : "2026779778339025132",
      "created_at" : "Thu Feb 26 09:02:55 +0000 2026",
      "favorited" : false,
      "full_text" : "@MartinSellner_ &gt; Auf welcher Seite stehst du\n\nauf der seite \"wir haben den krieg schon verloren, und wir sollten unsere 1% würdigen selektieren und denen helfen beim auswandern\"\n\naber klar, verteile weiter dein hopium...",
      "lang" : "de",
      "in_reply_to_screen_name" : "MartinSellner_",
      "in_reply_to_user_id_str" : "2510374854",
      "deleted_at" : "Thu Feb 26 09:03:09 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026939888399008232"
          ],
          "editableUntil" : "2026-02-26T09:38:22.000Z",
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
            "name" : "Andrew Bridgen",
            "screen_name" : "ABridgen",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "309587728",
            "id" : "309587728"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/1MQ1bMvXgl",
            "expanded_url" : "https://x.com/milahu104/status/2026938064421937331",
            "display_url" : "x.com/milahu104/stat…",
            "indices" : [
              "10",
              "33"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "33"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026663055107527129",
      "id_str" : "2026939888399008232",
      "in_reply_to_user_id" : "309587728",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026939888399008232",
      "in_reply_to_status_id" : "2026663055107527129",
      "possibly_sensitive" : false,
      "created_at" : "Thu Feb 26 08:38:22 +0000 2026",
      "favorited" : false,
      "full_text" : "@ABridgen https://t.co/1MQ1bMvXgl",
      "lang" : "qme",
      "in_reply_to_screen_name" : "ABridgen",
      "in_reply_to_user_id_str" : "309587728",
      "deleted_at" : "Thu Feb 26 08:47:47 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026771015678734822"
          ],
          "editableUntil" : "2026-02-25T22:27:20.000Z",
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
            "name" : "Peter Mawson",
            "screen_name" : "HighFarndale",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "500212522",
            "id" : "500212522"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/6FnuwrzuhL",
            "expanded_url" : "https://savory.global/holistic-planned-grazing/",
            "display_url" : "savory.global/holistic-plann…",
            "indices" : [
              "14",
              "37"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "37"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026649547552747977",
      "id_str" : "2026771015678734822",
      "in_reply_to_user_id" : "500212522",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026771015678734822",
      "in_reply_to_status_id" : "2026649547552747977",
      "possibly_sensitive" : false,
      "created_at" : "Wed Feb 25 21:27:20 +0000 2026",
      "favorited" : false,
      "full_text" : "@HighFarndale https://t.co/6FnuwrzuhL",
      "lang" : "qme",
      "in_reply_to_screen_name" : "HighFarndale",
      "in_reply_to_user_id_str" : "500212522",
      "deleted_at" : "Wed Feb 25 21:27:28 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026619222789374274"
          ],
          "editableUntil" : "2026-02-25T12:24:10.000Z",
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
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "60"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026216416827838711",
      "id_str" : "2026619222789374274",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026619222789374274",
      "in_reply_to_status_id" : "2026216416827838711",
      "created_at" : "Wed Feb 25 11:24:10 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole \"we dont need complete nutrition, we need money!\"",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806",
      "deleted_at" : "Wed Feb 25 11:24:19 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025840499853078742"
          ],
          "editableUntil" : "2026-02-23T08:49:48.000Z",
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
            "name" : "WlkWast",
            "screen_name" : "WlkWast",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "1700606672543068160",
            "id" : "1700606672543068160"
          },
          {
            "name" : "Marcus Klöckner",
            "screen_name" : "KlocknerMarcus",
            "indices" : [
              "9",
              "24"
            ],
            "id_str" : "1521235784191336449",
            "id" : "1521235784191336449"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/ml4HoNDxDc",
            "expanded_url" : "https://en.wikipedia.org/wiki/Opium_Wars",
            "display_url" : "en.wikipedia.org/wiki/Opium_Wars",
            "indices" : [
              "64",
              "87"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "87"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2025834309412696506",
      "id_str" : "2025840499853078742",
      "in_reply_to_user_id" : "1700606672543068160",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025840499853078742",
      "in_reply_to_status_id" : "2025834309412696506",
      "possibly_sensitive" : false,
      "created_at" : "Mon Feb 23 07:49:48 +0000 2026",
      "favorited" : false,
      "full_text" : "@WlkWast @KlocknerMarcus die opium wars haben nie aufgehört...\n\nhttps://t.co/ml4HoNDxDc",
      "lang" : "de",
      "in_reply_to_screen_name" : "WlkWast",
      "in_reply_to_user_id_str" : "1700606672543068160",
      "deleted_at" : "Mon Feb 23 07:52:35 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025839581887685071"
          ],
          "editableUntil" : "2026-02-23T08:46:09.000Z",
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
            "name" : "Marcus Klöckner",
            "screen_name" : "KlocknerMarcus",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1521235784191336449",
            "id" : "1521235784191336449"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/QhsOdkY5oz",
            "expanded_url" : "https://de.wikipedia.org/wiki/Brunnenvergiftung",
            "display_url" : "de.wikipedia.org/wiki/Brunnenve…",
            "indices" : [
              "42",
              "65"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "65"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2025698742968422688",
      "id_str" : "2025839581887685071",
      "in_reply_to_user_id" : "1521235784191336449",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025839581887685071",
      "in_reply_to_status_id" : "2025698742968422688",
      "possibly_sensitive" : false,
      "created_at" : "Mon Feb 23 07:46:09 +0000 2026",
      "favorited" : false,
      "full_text" : "@KlocknerMarcus fluorid im leitungswasser\nhttps://t.co/QhsOdkY5oz",
      "lang" : "de",
      "in_reply_to_screen_name" : "KlocknerMarcus",
      "in_reply_to_user_id_str" : "1521235784191336449",
      "deleted_at" : "Mon Feb 23 07:48:51 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025838038543122696"
          ],
          "editableUntil" : "2026-02-23T08:40:01.000Z",
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
            "name" : "Paul Brandenburg",
            "screen_name" : "docbrandenburg",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1361649646129537026",
            "id" : "1361649646129537026"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "248"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2025680386009752009",
      "id_str" : "2025838038543122696",
      "in_reply_to_user_id" : "1361649646129537026",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025838038543122696",
      "in_reply_to_status_id" : "2025680386009752009",
      "created_at" : "Mon Feb 23 07:40:01 +0000 2026",
      "favorited" : false,
      "full_text" : "@docbrandenburg &gt; Als Grund hierfür diente augenscheinlich ein Vorwurf angeblicher Körperverletzung\n\nwie bei Gustl Mollath\n\nich selber war schon mehrfach in der psychiatrie, wegen falschaussagen wie \"der hat mich bedroht\" oder \"der ist suizidal\"",
      "lang" : "de",
      "in_reply_to_screen_name" : "docbrandenburg",
      "in_reply_to_user_id_str" : "1361649646129537026",
      "deleted_at" : "Mon Feb 23 07:40:41 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025837281299288444"
          ],
          "editableUntil" : "2026-02-23T08:37:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "redpill",
            "indices" : [
              "11",
              "19"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "79"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2025818037656424813",
      "id_str" : "2025837281299288444",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025837281299288444",
      "in_reply_to_status_id" : "2025818037656424813",
      "created_at" : "Mon Feb 23 07:37:00 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole #redpill - literally, because eating local read meat is the solution",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806",
      "deleted_at" : "Mon Feb 23 07:37:11 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029260824888455548"
          ],
          "editableUntil" : "2026-03-04T19:20:57.000Z",
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
            "name" : "UNSHADOWED (formerly IceAgeFarmer)",
            "screen_name" : "UnshadowedShow",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1907912852335210496",
            "id" : "1907912852335210496"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "112"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029238218449969520",
      "id_str" : "2029260824888455548",
      "in_reply_to_user_id" : "1907912852335210496",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029260824888455548",
      "in_reply_to_status_id" : "2029238218449969520",
      "created_at" : "Wed Mar 04 18:20:57 +0000 2026",
      "favorited" : false,
      "full_text" : "@UnshadowedShow &gt; Grow those gardens\n\nherd those goats!\nyes, seriously, you should take the carnivore pill...",
      "lang" : "en",
      "in_reply_to_screen_name" : "UnshadowedShow",
      "in_reply_to_user_id_str" : "1907912852335210496",
      "deleted_at" : "Wed Mar 04 18:21:09 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025669246936588521"
          ],
          "editableUntil" : "2026-02-22T21:29:18.000Z",
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
            "name" : "WallaMorghulis",
            "screen_name" : "Der_Walla",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "128276230",
            "id" : "128276230"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "138"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2024844457825243549",
      "id_str" : "2025669246936588521",
      "in_reply_to_user_id" : "128276230",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025669246936588521",
      "in_reply_to_status_id" : "2024844457825243549",
      "created_at" : "Sun Feb 22 20:29:18 +0000 2026",
      "favorited" : false,
      "full_text" : "@Der_Walla nee, das problem ist nicht \"AFD hat keinen style\", sondern \"AFD ist controlled opposition\", weil es gibt keine politische lösun",
      "lang" : "de",
      "in_reply_to_screen_name" : "Der_Walla",
      "in_reply_to_user_id_str" : "128276230",
      "deleted_at" : "Sun Feb 22 20:29:29 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2025231248939995548"
          ],
          "editableUntil" : "2026-02-21T16:28:51.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "fightclub",
            "indices" : [
              "87",
              "97"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/utDmNIu87j",
            "expanded_url" : "https://www.youtube.com/watch?v=Z3FezGCzGq8",
            "display_url" : "youtube.com/watch?v=Z3FezG…",
            "indices" : [
              "98",
              "121"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "121"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2024443492387213609",
      "id_str" : "2025231248939995548",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2025231248939995548",
      "in_reply_to_status_id" : "2024443492387213609",
      "possibly_sensitive" : false,
      "created_at" : "Sat Feb 21 15:28:51 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole Is this essential to our survival in the hunter-gatherer sense of the word?\n#fightclub\nhttps://t.co/utDmNIu87j",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806",
      "deleted_at" : "Sat Feb 21 15:29:05 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2024501936435655121"
          ],
          "editableUntil" : "2026-02-19T16:10:49.000Z",
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
            "name" : "Manuel Schwalm",
            "screen_name" : "coolservativ",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "791612573531668481",
            "id" : "791612573531668481"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "127"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2024407536380604913",
      "id_str" : "2024501936435655121",
      "in_reply_to_user_id" : "791612573531668481",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2024501936435655121",
      "in_reply_to_status_id" : "2024407536380604913",
      "created_at" : "Thu Feb 19 15:10:49 +0000 2026",
      "favorited" : false,
      "full_text" : "@coolservativ \"Einfluss- und Desinformationskampagnen\"\n\ngilt das auch für schulzwang und GEZ?\noder fällt das unter doppelmoral?",
      "lang" : "de",
      "in_reply_to_screen_name" : "coolservativ",
      "in_reply_to_user_id_str" : "791612573531668481",
      "deleted_at" : "Thu Feb 19 15:10:58 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029129550408364542"
          ],
          "editableUntil" : "2026-03-04T10:39:18.000Z",
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
            "name" : "Stefan Homburg",
            "screen_name" : "SHomburg",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1257898714917715969",
            "id" : "1257898714917715969"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "31"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029117256135762116",
      "id_str" : "2029129550408364542",
      "in_reply_to_user_id" : "1257898714917715969",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029129550408364542",
      "in_reply_to_status_id" : "2029117256135762116",
      "created_at" : "Wed Mar 04 09:39:18 +0000 2026",
      "favorited" : false,
      "full_text" : "@SHomburg \"wir schaffen das\"...",
      "lang" : "de",
      "in_reply_to_screen_name" : "SHomburg",
      "in_reply_to_user_id_str" : "1257898714917715969",
      "deleted_at" : "Wed Mar 04 09:39:30 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029097250433970633"
          ],
          "editableUntil" : "2026-03-04T08:30:57.000Z",
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
            "name" : "Elli Pirelli ♂️",
            "screen_name" : "eysvog3l",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "269751237",
            "id" : "269751237"
          },
          {
            "name" : "Benedikt Brechtken",
            "screen_name" : "ben_brechtken",
            "indices" : [
              "10",
              "24"
            ],
            "id_str" : "1346030074068430848",
            "id" : "1346030074068430848"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "165"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2029087830715056282",
      "id_str" : "2029097250433970633",
      "in_reply_to_user_id" : "269751237",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029097250433970633",
      "in_reply_to_status_id" : "2029087830715056282",
      "created_at" : "Wed Mar 04 07:30:57 +0000 2026",
      "favorited" : false,
      "full_text" : "@eysvog3l @ben_brechtken AFD ist controlled opposition.\nAFD ist auch nur eine CDU in blau.\nes gibt keine politische lösung, revolution oder untergang, also untergang",
      "lang" : "de",
      "in_reply_to_screen_name" : "eysvog3l",
      "in_reply_to_user_id_str" : "269751237",
      "deleted_at" : "Wed Mar 04 07:31:09 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028910498549264650"
          ],
          "editableUntil" : "2026-03-03T20:08:52.000Z",
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
            "name" : "King of the Marsh",
            "screen_name" : "KingVelesI",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1518868320497319941",
            "id" : "1518868320497319941"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "216"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028871723349897445",
      "id_str" : "2028910498549264650",
      "in_reply_to_user_id" : "1518868320497319941",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028910498549264650",
      "in_reply_to_status_id" : "2028871723349897445",
      "created_at" : "Tue Mar 03 19:08:52 +0000 2026",
      "favorited" : false,
      "full_text" : "@KingVelesI all hightech is based on finite resources (lithium, rare earths) and is completely destroyed in the next solar storm, so yeah, it would be really stupid to make our lives (even more) dependent on hightech",
      "lang" : "en",
      "in_reply_to_screen_name" : "KingVelesI",
      "in_reply_to_user_id_str" : "1518868320497319941",
      "deleted_at" : "Tue Mar 03 19:09:16 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028893006007300272"
          ],
          "editableUntil" : "2026-03-03T18:59:22.000Z",
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
            "name" : "Paul Saladino, MD",
            "screen_name" : "paulsaladinomd",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1081022379910881280",
            "id" : "1081022379910881280"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "99"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028878670090162534",
      "id_str" : "2028893006007300272",
      "in_reply_to_user_id" : "1081022379910881280",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028893006007300272",
      "in_reply_to_status_id" : "2028878670090162534",
      "created_at" : "Tue Mar 03 17:59:22 +0000 2026",
      "favorited" : false,
      "full_text" : "@paulsaladinomd nah, youre still comparing shit and shit.\nthe only correct answer is carnivore diet",
      "lang" : "en",
      "in_reply_to_screen_name" : "paulsaladinomd",
      "in_reply_to_user_id_str" : "1081022379910881280",
      "deleted_at" : "Tue Mar 03 17:59:41 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028890556676329734"
          ],
          "editableUntil" : "2026-03-03T18:49:38.000Z",
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
            "name" : "MeatOnAStick",
            "screen_name" : "KidinaSandbox",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "272448767",
            "id" : "272448767"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "152"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028870663423902028",
      "id_str" : "2028890556676329734",
      "in_reply_to_user_id" : "272448767",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028890556676329734",
      "in_reply_to_status_id" : "2028870663423902028",
      "created_at" : "Tue Mar 03 17:49:38 +0000 2026",
      "favorited" : false,
      "full_text" : "@KidinaSandbox everyone should live his natural strengths and delegate his weakspots to his friends.\nat least that is my definition of paradise on earth",
      "lang" : "en",
      "in_reply_to_screen_name" : "KidinaSandbox",
      "in_reply_to_user_id_str" : "272448767",
      "deleted_at" : "Tue Mar 03 17:49:54 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028886094750568736"
          ],
          "editableUntil" : "2026-03-03T18:31:54.000Z",
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
            "name" : "Politik mit Kopf",
            "screen_name" : "Politikmit_Kopf",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "1362618229",
            "id" : "1362618229"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "103"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028835608714498348",
      "id_str" : "2028886094750568736",
      "in_reply_to_user_id" : "1362618229",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028886094750568736",
      "in_reply_to_status_id" : "2028835608714498348",
      "created_at" : "Tue Mar 03 17:31:54 +0000 2026",
      "favorited" : false,
      "full_text" : "@Politikmit_Kopf wird jetzt auch die nordstream pipeline wieder aktiviert?\nich würde nicht drauf wetten",
      "lang" : "de",
      "in_reply_to_screen_name" : "Politikmit_Kopf",
      "in_reply_to_user_id_str" : "1362618229",
      "deleted_at" : "Tue Mar 03 17:32:07 +0000 2026"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028884373760561579"
          ],
          "editableUntil" : "2026-03-03T18:25:04.000Z",
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
            "name" : "Bastian Barucker",
            "screen_name" : "BBarucker",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "1064880922317729792",
            "id" : "1064880922317729792"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "110"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028529058363887859",
      "id_str" : "2028884373760561579",
      "in_reply_to_user_id" : "1064880922317729792",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028884373760561579",
      "in_reply_to_status_id" : "2028529058363887859",
      "created_at" : "Tue Mar 03 17:25:04 +0000 2026",
      "favorited" : false,
      "full_text" : "@BBarucker also nur 3,2% der befragen haben es verstanden.\nwen haben die gefragt? mich haben die nicht gefragt",
      "lang" : "de",
      "in_reply_to_screen_name" : "BBarucker",
      "in_reply_to_user_id_str" : "1064880922317729792",
      "deleted_at" : "Tue Mar 03 17:25:16 +0000 2026"
    }
  }
]