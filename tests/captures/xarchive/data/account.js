window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "olena@example.org",
      "createdVia" : "web",
      "username" : "olena_analyst",
      "accountId" : "1331234567890123456",
      "createdAt" : "2020-11-24T10:12:44.000Z",
      "accountDisplayName" : "Olena Marchenko 🇺🇦"
    }
  }
]