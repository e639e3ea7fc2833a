package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// tokenCommandValue is a token_command object as the configuration gives it.
func tokenCommandValue(command string, env map[string]string, timeout string) types.Object {
	envValues := map[string]attr.Value{}
	for k, v := range env {
		envValues[k] = types.StringValue(v)
	}
	to := types.StringNull()
	if timeout != "" {
		to = types.StringValue(timeout)
	}
	return types.ObjectValueMust(map[string]attr.Type{
		"command": types.StringType, "args": types.ListType{ElemType: types.StringType},
		"env": types.MapType{ElemType: types.StringType}, "timeout": types.StringType,
	}, map[string]attr.Value{
		"command": types.StringValue(command), "args": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("--profile"), types.StringValue("prod")}),
		"env": types.MapValueMust(types.StringType, envValues), "timeout": to,
	})
}

func TestClientConfig_tokenCommand(t *testing.T) {
	m := providerModel{
		TokenCommand:   tokenCommandValue("/usr/local/bin/wechat-token", map[string]string{"TOKEN_SERVICE_KEY": "svc-key-0123456789", "REGION": "cn"}, "45s"),
		ComponentAppID: types.StringValue(testComponentAppID),
	}
	// The environment's credentials and appid are not mixed in.
	cfg, diags := m.clientConfig(env{envAppID: testAppID, envSecret: testSecret}.get)
	if diags.HasError() {
		t.Fatalf("unexpected errors:\n%s", diagText(diags))
	}
	if cfg.TokenCommand == nil || cfg.Secret != "" || cfg.AppID != "" {
		t.Fatalf("got token command %v, secret set %v, appid %q; want only the token command", cfg.TokenCommand, cfg.Secret != "", cfg.AppID)
	}
	if cfg.TokenCommand.ComponentAppID() != testComponentAppID {
		t.Errorf("component appid %q", cfg.TokenCommand.ComponentAppID())
	}
	if got := strings.Join(cfg.TokenCommand.Secrets(), ","); got != "svc-key-0123456789" {
		t.Errorf("secrets to mask %q; want the long env value only", got)
	}
}

func TestClientConfig_tokenCommandErrors(t *testing.T) {
	tests := []struct {
		name  string
		model providerModel
		want  []string
	}{
		{"with a secret", providerModel{AppID: types.StringValue(testAppID), Secret: types.StringValue(testSecret),
			TokenCommand: tokenCommandValue("wechat-token", nil, "")},
			[]string{"Both secret and token_command are set", "one provider alias for each"}},
		{"component_appid without it", providerModel{AppID: types.StringValue(testAppID), Secret: types.StringValue(testSecret),
			ComponentAppID: types.StringValue(testComponentAppID)}, []string{"component_appid without token_command", "never fetches a platform's tokens"}},
		{"malformed component_appid", providerModel{TokenCommand: tokenCommandValue("wechat-token", nil, ""), ComponentAppID: types.StringValue("wx-platform")},
			[]string{"Invalid component_appid", `"wx-platform" is not a mini program AppID`}},
		{"unknown token_command", providerModel{TokenCommand: types.ObjectUnknown(map[string]attr.Type{"command": types.StringType})},
			[]string{"The provider needs token_command to read data during plan"}},
		{"bad timeout", providerModel{TokenCommand: tokenCommandValue("wechat-token", nil, "soon")}, []string{"Invalid token_command.timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := tt.model.clientConfig(env{}.get)
			text := diagText(diags)
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics lack %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestThirdPartyModels_fill(t *testing.T) {
	v, d := "1.4.2", ""
	at := time.Unix(1690000000, 0)
	var vm versionInfoModel
	vm.fill(fleetAppID(0), &wechat.VersionInfo{Release: &wechat.Version{Version: &v, Description: &d, Time: &at}})
	if vm.AppID.ValueString() != fleetAppID(0) || vm.ReleaseVersion.ValueString() != "1.4.2" || vm.ReleaseDescription.IsNull() ||
		vm.ReleaseDescription.ValueString() != "" || vm.ReleaseTime.ValueString() != "2023-07-22T04:26:40Z" || !vm.TrialVersion.IsNull() || !vm.TrialTime.IsNull() {
		t.Errorf("version info: %+v", vm)
	}

	var am auditStatusModel
	am.fill(fleetAppID(0), nil)
	if am.StatusName.ValueString() != "none" || !am.AuditID.IsNull() || !am.ScreenShots.IsNull() {
		t.Errorf("no audit: %+v", am)
	}
	id, status := int64(7), int64(1)
	am.fill(fleetAppID(0), &wechat.AuditStatus{AuditID: &id, Status: &status, ScreenShots: []string{"m1", "m2"}})
	if am.StatusName.ValueString() != "rejected" || am.AuditID.ValueInt64() != 7 || len(am.ScreenShots.Elements()) != 2 || !am.Reason.IsNull() {
		t.Errorf("rejected audit: %+v", am)
	}

	var lm authorizersModel
	lm.fill(testComponentAppID, []wechat.Authorizer{{AppID: fleetAppID(0), AuthTime: &at}, {AppID: fleetAppID(1)}})
	if lm.ComponentAppID.ValueString() != testComponentAppID || len(lm.AppIDs.Elements()) != 2 || len(lm.Authorizers.Elements()) != 2 {
		t.Errorf("authorizers: %+v", lm)
	}
	var empty authorizersModel
	empty.fill(testComponentAppID, nil)
	if empty.AppIDs.IsNull() || len(empty.AppIDs.Elements()) != 0 {
		t.Errorf("no authorizers: appids %v, want an empty list (for_each over it must work)", empty.AppIDs)
	}
}

func TestDiagnostics_thirdParty(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"command timed out", &wechat.TokenCommandError{Command: "/bin/t", Kind: wechat.TokenKindAuthorizer, AppID: fleetAppID(0), TimedOut: true, Problem: "did not finish"},
			[]string{"The token command timed out", "the authorizer token of " + fleetAppID(0), "raise the timeout"}},
		{"command failed", &wechat.TokenCommandError{Command: "/bin/t", Kind: wechat.TokenKindComponent, AppID: testComponentAppID, Problem: "failed (exit status 3)", Stderr: "no"},
			[]string{"The token command gave no token", "the component token of " + testComponentAppID, "stdout never is", "Cause: Token command \"/bin/t\""}},
		{"own token, certain", &wechat.TokenKindError{Path: "/wxa/get_latest_auditstatus", AppID: testAppID, Used: wechat.TokenKindOwn, Needed: wechat.TokenKindAuthorizer,
			Err: &wechat.APIError{Code: 86000, Message: "should be called only from third party"}},
			[]string{"needs a third-party platform's authorizer token", "refused the token as the wrong kind", "own token (secret)", "errcode: 86000"}},
		{"ready-made token, likely", &wechat.TokenKindError{Path: "/wxa/getversioninfo", Needed: wechat.TokenKindAuthorizer, Likely: true,
			Err: &wechat.StaleTokenError{Err: &wechat.APIError{Code: 40014}}},
			[]string{"after a fresh one too", "access_token must be the third-party platform's authorizer token for this mini program"}},
		{"another app", &wechat.OtherAppError{Configured: testAppID, Asked: fleetAppID(0)}, []string{"cannot read " + fleetAppID(0), "belong to " + testAppID}},
		{"no appid", wechat.ErrNoAppID, []string{"No appid to read"}},
		{"61023", &wechat.APIError{Code: 61023, Message: "refresh_token is invalid"}, []string{"refresh token", "never handles refresh tokens"}},
		{"61004 without an IP", &wechat.APIError{Code: 61004, Message: "access clientip is not registered"}, []string{"this machine's address", "全网发布"}},
		{"wrapped", errors.Join(context.Canceled), []string{"Canceled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := callDiagnostic(tt.err, "")
			text := strings.Join(strings.Fields(d.Summary()+" "+d.Detail()), " ")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostic lacks %q:\n%s", want, text)
				}
			}
		})
	}
}
