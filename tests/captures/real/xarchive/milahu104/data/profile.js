window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "shadowbanned → https://t.co/dzymudWRGp\nbuying attention for my book: Pallas. Who are my friends.\nblackout in 3... 2... 1...",
        "website" : "https://t.co/RL76DqYwVT",
        "location" : "Munich, Germany"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1964313277388787712/wV6HLEPt.jpg"
    }
  }
]