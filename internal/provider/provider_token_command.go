package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// tokenCommandModel mirrors tokenCommandSchema; keep them in step.
type tokenCommandModel struct {
	Command types.String `tfsdk:"command"`
	Args    types.List   `tfsdk:"args"`
	Env     types.Map    `tfsdk:"env"`
	Timeout types.String `tfsdk:"timeout"`
}

func tokenCommandSchema() schema.Attribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "A program that hands out tokens, for third-party platforms and fleets: the provider runs it to get the token of any mini program " +
			"(`get APPID`) and, for `wechat_authorizers`, the platform's component token (`get-component`). The contract (version 1) is on the provider's page. " +
			"Tokens are cached in memory per kind and appid until 5 minutes before they expire, never written to plan or state. " +
			"Conflicts with `secret`, `access_token` and `cloudbase_access_token`.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"command": schema.StringAttribute{
				MarkdownDescription: "The program: a path, or a name looked up in `PATH`. It is run directly, without a shell.",
				Required:            true,
				Validators:          []validator.String{nonEmptyValidator},
			},
			"args": schema.ListAttribute{
				MarkdownDescription: "Arguments put before `get APPID` or `get-component`.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"env": schema.MapAttribute{
				MarkdownDescription: "Environment variables set for the program, over the provider's own environment. Their values are kept out of logs and errors.",
				ElementType:         types.StringType,
				Optional:            true,
				Sensitive:           true,
			},
			"timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one run may take before it is stopped (with every process it started), as a Go duration. Defaults to `%ds`.", int(wechat.DefaultTokenCommandTimeout.Seconds())),
				Optional:            true,
				Validators:          []validator.String{commandTimeoutValidator},
			},
		},
	}
}

func componentAppIDSchema() schema.Attribute {
	return schema.StringAttribute{
		MarkdownDescription: "The third-party platform's appid (`component_appid`), with `token_command`: it is sent to the program in every request, " +
			"and `wechat_authorizers` lists the mini programs authorized to this platform.",
		Optional:   true,
		Validators: []validator.String{appIDValidator},
	}
}

// tokenCommand reads the nested object; nil when token_command is not set.
func (m providerModel) tokenCommand() (*tokenCommandModel, diag.Diagnostics) {
	if m.TokenCommand.IsNull() || m.TokenCommand.IsUnknown() {
		return nil, nil
	}
	var tc tokenCommandModel
	diags := m.TokenCommand.As(context.Background(), &tc, basetypes.ObjectAsOptions{})
	return &tc, diags
}

// unknownValues reports the parts of token_command not known at plan time.
func (tc *tokenCommandModel) unknownValues() diag.Diagnostics {
	var diags diag.Diagnostics
	for name, unknown := range map[string]bool{
		"command": tc.Command.IsUnknown(), "args": anyUnknown(tc.Args.IsUnknown(), tc.Args.Elements()...),
		"env": anyUnknown(tc.Env.IsUnknown(), slices.Collect(maps.Values(tc.Env.Elements()))...), "timeout": tc.Timeout.IsUnknown(),
	} {
		if unknown {
			diags.AddAttributeError(path.Root("token_command").AtName(name), "Value not known during plan",
				"The provider needs token_command."+name+" to read data during plan, but it depends on something not yet applied. "+
					"Use a value known at plan time, or apply what it depends on first.")
		}
	}
	return diags
}

// anyUnknown reports a collection that is unknown itself or holds an
// unknown element (args = [aws_x.id], say).
func anyUnknown(whole bool, elems ...attr.Value) bool {
	if whole {
		return true
	}
	for _, e := range elems {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}

// config turns the model into the client's token command configuration.
func (tc *tokenCommandModel) config(componentAppID string) (wechat.TokenCommandConfig, diag.Diagnostics) {
	cfg := wechat.TokenCommandConfig{Command: tc.Command.ValueString(), ComponentAppID: componentAppID, OnRun: logTokenRun}
	diags := tc.Args.ElementsAs(context.Background(), &cfg.Args, false)
	diags.Append(tc.Env.ElementsAs(context.Background(), &cfg.Env, false)...)
	if !tc.Timeout.IsNull() {
		d, err := parseTimeout(tc.Timeout.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("token_command").AtName("timeout"), "Invalid token_command.timeout", err.Error())
		}
		cfg.Timeout = d
	}
	return cfg, diags
}

// build makes the client's token command; it runs nothing.
func (tc *tokenCommandModel) build(componentAppID string) (*wechat.TokenCommand, diag.Diagnostics) {
	cfg, diags := tc.config(componentAppID)
	if diags.HasError() {
		return nil, diags
	}
	cmd, err := wechat.NewTokenCommand(cfg)
	if err != nil {
		diags.AddAttributeError(path.Root("token_command"), "Invalid token_command", err.Error())
	}
	return cmd, diags
}

// logTokenRun writes one DEBUG line per run of the token command. TokenRun
// holds nothing the program printed on stdout; its error's stderr is
// already redacted.
func logTokenRun(ctx context.Context, r wechat.TokenRun) {
	fields := map[string]any{
		"command":     r.Command,
		"kind":        string(r.Kind),
		"appid":       r.AppID,
		"reason":      r.Reason,
		"duration_ms": r.Duration.Milliseconds(),
		"exit_code":   r.ExitCode,
	}
	if r.Err != nil {
		fields["error"] = r.Err.Error()
	}
	logDebug(ctx, "WeChat token command run", fields)
}

var nonEmptyValidator = checkValidator{
	description: "must not be empty",
	summary:     "Empty token_command.command",
	check: func(s string) error {
		if s == "" {
			return errEmptyCommand
		}
		return nil
	},
}

var errEmptyCommand = fmt.Errorf("the command is empty; give the path of the token program")

var commandTimeoutValidator = checkValidator{
	description: "must be a positive duration such as 30s or 1m",
	summary:     "Invalid token_command.timeout",
	check: func(s string) error {
		_, err := parseTimeout(s)
		return err
	},
}
