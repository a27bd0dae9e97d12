window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "Researcher. Logistics & defence, Ukraine. Views my own.",
        "website" : "https://t.co/AbC123xyZ0",
        "location" : "Kyiv"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1331234567890123456/aBcD_eF.jpg"
    }
  }
]