package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// Guards maskSecrets: a library that logs a request while serving a read
// must not write a credential, in a message or in a field.
func TestMaskSecrets_hidesCredentialsInEveryLogLine(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	pd := &providerData{secrets: []string{testSecret, "MOCK_TOKEN_123"}}
	ctx = pd.maskSecrets(ctx)

	tflog.Debug(ctx, "GET /wxa/x?access_token=MOCK_TOKEN_123", map[string]any{"body": `{"secret":"` + testSecret + `"}`})
	logged := out.String()
	if logged == "" {
		t.Fatal("nothing was logged; the test would prove nothing")
	}
	for _, s := range pd.secrets {
		if strings.Contains(logged, s) {
			t.Errorf("a log line holds a credential:\n%s", logged)
		}
	}
}

func TestToProviderData(t *testing.T) {
	if pd, diags := toProviderData(nil); pd != nil || diags.HasError() {
		t.Errorf("before Configure: want nil and no error, got %v, %v", pd, diags)
	}
	if _, diags := toProviderData("not provider data"); !diags.HasError() || !strings.Contains(diagText(diags), "got string") {
		t.Errorf("a wrong type must be a clear error, got %v", diags)
	}
	want := &providerData{appID: testAppID}
	if pd, diags := toProviderData(want); pd != want || diags.HasError() {
		t.Errorf("got %v, %v", pd, diags)
	}
}

// The token command's env values (a key to the token server, say) are
// masked in logs like the credentials.
func TestProviderData_masksTokenCommandEnv(t *testing.T) {
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: "wechat-token", Env: map[string]string{"TOKEN_SERVICE_KEY": "svc-key-5f4e3d2c1b"}})
	if err != nil {
		t.Fatal(err)
	}
	pd := newProviderData(wechat.Config{TokenCommand: tc}, nil)
	var out bytes.Buffer
	ctx := pd.maskSecrets(tflogtest.RootLogger(context.Background(), &out))
	tflog.Debug(ctx, "running the token command with TOKEN_SERVICE_KEY=svc-key-5f4e3d2c1b")
	if out.Len() == 0 || strings.Contains(out.String(), "svc-key-5f4e3d2c1b") {
		t.Errorf("the env value is not masked:\n%s", out.String())
	}
}

// env is sensitive, so a literal value never shows in plan output.
func TestTokenCommandSchema_envIsSensitive(t *testing.T) {
	tc, ok := tokenCommandSchema().(providerschema.SingleNestedAttribute)
	if !ok {
		t.Fatal("token_command is not a single nested attribute")
	}
	if env := tc.Attributes["env"]; env == nil || !env.IsSensitive() {
		t.Error("token_command.env must be sensitive")
	}
}

// An argument or env value known only after apply gets the provider's own
// "not known during plan" error, not the framework's conversion error.
func TestTokenCommand_unknownElements(t *testing.T) {
	known := types.StringValue("x")
	tests := map[string]tokenCommandModel{
		"args": {Command: known, Args: types.ListValueMust(types.StringType, []attr.Value{known, types.StringUnknown()}),
			Env: types.MapNull(types.StringType)},
		"env": {Command: known, Args: types.ListNull(types.StringType),
			Env: types.MapValueMust(types.StringType, map[string]attr.Value{"K": types.StringUnknown()})},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			diags := tc.unknownValues()
			if !diags.HasError() || !strings.Contains(diagText(diags), "token_command."+name+" to read data during plan") {
				t.Errorf("got %s", diagText(diags))
			}
		})
	}
	ok := tokenCommandModel{Command: known, Args: types.ListNull(types.StringType), Env: types.MapNull(types.StringType)}
	if diags := ok.unknownValues(); diags.HasError() {
		t.Errorf("known values: %s", diagText(diags))
	}
}

// The client logs from goroutines sharing one ctx, whose logger carries
// fields and masks (as every request's does): logDebug must not let the
// library's masking write into the shared field map. Fails under -race
// when logDebug logs with ctx itself.
func TestLogDebug_concurrentCallsWithMasking(t *testing.T) {
	var out syncBuffer
	ctx := tflog.SetField(tflogtest.RootLogger(context.Background(), &out), "tf_rpc", "PlanResourceChange")
	ctx = (&providerData{secrets: []string{"MOCK_TOKEN_123"}}).maskSecrets(ctx)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			logAttempt(ctx, wechat.Attempt{Method: "GET", Path: fmt.Sprintf("/wxa/%d", i), Number: 1})
		})
	}
	wg.Wait()
	if strings.Count(out.String(), "WeChat API call") != 8 {
		t.Errorf("want 8 log lines:\n%s", out.String())
	}
}

// syncBuffer is a bytes.Buffer that goroutines may write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
