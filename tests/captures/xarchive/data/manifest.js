window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1331234567890123456",
    "userName" : "olena_analyst",
    "displayName" : "Olena Marchenko 🇺🇦"
  },
  "archiveInfo" : {
    "sizeBytes" : "48211977",
    "generationDate" : "2025-11-20T09:14:03.512Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "account" : {
      "files" : [
        {
          "fileName" : "data/account.js",
          "globalName" : "YTD.account.part0",
          "count" : "1"
        }
      ]
    },
    "profile" : {
      "mediaDirectory" : "data/profile_media",
      "files" : [
        {
          "fileName" : "data/profile.js",
          "globalName" : "YTD.profile.part0",
          "count" : "1"
        }
      ]
    },
    "tweets" : {
      "mediaDirectory" : "data/tweets_media",
      "files" : [
        {
          "fileName" : "data/tweets.js",
          "globalName" : "YTD.tweets.part0",
          "count" : "10"
        }
      ]
    }
  }
}