# Import the release a mini program runs now, by its appid.
terraform import wechat_release.shop wx1234567890abcdef
