package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// tokenCommand is the examples' token command (contract version 1): it
// plays the platform's central token server, handing out the tokens the
// mock's platform holds, PlatformToken(appid). It needs no settings, so
// TF_VAR_token_command can name this program and nothing else. A token
// goes to stdout only: stderr, which the provider shows, never holds one.
func tokenCommand(args []string, request string, stdout, stderr io.Writer) int {
	var req struct {
		ComponentAppID string `json:"component_appid"`
	}
	_ = json.Unmarshal([]byte(request), &req) // optional: the contract puts it there, a user running this by hand may not
	var appID string
	switch {
	case len(args) == 2 && args[0] == "get":
		appID = args[1]
		if !slices.Contains(wechatmock.FixtureFleet(), appID) {
			fmt.Fprintf(stderr, "wechat-mock: the mock's platform %s has no mini program %q; wechat_authorizers lists its %d\n",
				wechatmock.FixtureComponentAppID, appID, len(wechatmock.FixtureFleet()))
			return 3
		}
	case len(args) == 1 && args[0] == "get-component":
		appID = wechatmock.FixtureComponentAppID
		if req.ComponentAppID != "" && req.ComponentAppID != appID {
			fmt.Fprintf(stderr, "wechat-mock: the mock serves the platform %s, not %q: set component_appid to it\n", appID, req.ComponentAppID)
			return 3
		}
	default:
		fmt.Fprintln(stderr, "usage: wechat-mock get APPID | get-component (the examples' token command)")
		return 2
	}
	if err := json.NewEncoder(stdout).Encode(map[string]any{"version": 1, "access_token": wechatmock.PlatformToken(appID), "expires_in": 7200}); err != nil {
		return 1
	}
	return 0
}
