package wechat

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// AppIDPattern is the form of a mini program appid.
const AppIDPattern = `^wx[0-9a-f]{16}$`

var appIDPattern = regexp.MustCompile(AppIDPattern)

// ValidAppID reports whether s has the form of a mini program appid.
func ValidAppID(s string) bool { return appIDPattern.MatchString(s) }

// CheckAppID explains why s is not an appid. It quotes s only when s looks
// like a mistyped appid: a value swapped with the AppSecret must not end up
// in an error text.
func CheckAppID(s string) error {
	if ValidAppID(s) {
		return nil
	}
	if strings.HasPrefix(s, "wx") && len(s) <= 24 {
		return fmt.Errorf("%q is not a mini program AppID: it must be wx followed by 16 lowercase hex digits", s)
	}
	return errors.New("the value is not a mini program AppID (wx followed by 16 lowercase hex digits); it is not shown, in case it is a secret")
}
