// Package devcli writes the Terraform/OpenTofu CLI configuration that runs
// a locally built provider without a registry, for the CLI tests and the
// end-to-end benchmark (the demo's shell script writes the same text).
package devcli

import "fmt"

// Config is a CLI configuration whose dev_overrides point wxops/wechat, under
// both registries' names, at the folder holding the built provider; every
// other provider installs as usual.
func Config(binDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/wxops/wechat"  = %q
    "registry.opentofu.org/wxops/wechat" = %q
  }
  direct {}
}
`, binDir, binDir)
}
