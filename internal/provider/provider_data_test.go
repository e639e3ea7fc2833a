package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
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
