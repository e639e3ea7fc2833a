package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// appIDArgumentText describes the optional appid argument every data source
// and the ephemeral token share.
const appIDArgumentText = "The mini program to read, which the result is labeled with. Defaults to the provider's `appid`. " +
	"With `token_command` any appid is allowed (the program is asked for its token); with `secret` or a ready-made token only the provider's own, " +
	"as those credentials belong to one mini program. Null only when the provider has a ready-made token and no `appid`."

func appIDDataSourceAttribute() dsschema.Attribute {
	return dsschema.StringAttribute{
		MarkdownDescription: appIDArgumentText,
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{appIDValidator},
	}
}

func appIDEphemeralAttribute() ephschema.Attribute {
	return ephschema.StringAttribute{
		MarkdownDescription: appIDArgumentText,
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{appIDValidator},
	}
}
