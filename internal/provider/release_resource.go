package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var (
	_ resource.ResourceWithConfigure   = (*releaseResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*releaseResource)(nil)
	_ resource.ResourceWithImportState = (*releaseResource)(nil)
)

// releaseResource moves a mini program's rollout: the only entity that
// writes to WeChat. Plan (release_plan.go) reads and decides; apply sends
// one write through the client's ApplyRelease, which reads WeChat back.
type releaseResource struct{ baseResource }

func newReleaseResource() resource.Resource {
	return &releaseResource{baseResource{entityBase{name: "release"}}}
}

// releaseModel mirrors the schema below; keep them in step.
type releaseModel struct {
	ID                      types.String `tfsdk:"id"`
	AppID                   types.String `tfsdk:"appid"`
	Version                 types.String `tfsdk:"version"`
	GrayPercentage          types.Int64  `tfsdk:"gray_percentage"`
	SupportDebugerFirst     types.Bool   `tfsdk:"support_debuger_first"`
	SupportExperiencerFirst types.Bool   `tfsdk:"support_experiencer_first"`
	RevertOnDestroy         types.Bool   `tfsdk:"revert_on_destroy"`
	LiveVersion             types.String `tfsdk:"live_version"`
	StatusName              types.String `tfsdk:"status_name"`
	FullyReleased           types.Bool   `tfsdk:"fully_released"`
}

func (r *releaseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A mini program's rollout: which approved version its users get, and to what share of them. " +
			"Apply starts or raises a staged release (`POST /wxa/grayrelease`) or releases to everyone (`POST /wxa/release`); " +
			"plan, refresh and import only read. **Third-party platforms only:** WeChat takes these calls with an authorizer token " +
			"(permission set 18), so the provider needs `token_command`. See the guide \"Progressive delivery\".",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The mini program's appid.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"appid": schema.StringAttribute{
				MarkdownDescription: "The mini program to release. Defaults to the provider's `appid`; a change replaces the resource " +
					"(which sends nothing for the old one unless `revert_on_destroy` is set).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{appIDValidator},
			},
			"version": schema.StringAttribute{
				MarkdownDescription: "The version to put live, as its developers named it (the audit's `user_version`, such as `2.4.0`). " +
					"It must be the version of the latest audit, approved, or the version already live; anything else fails at plan, naming what WeChat has.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"gray_percentage": schema.Int64Attribute{
				MarkdownDescription: "The share of users, 1 to 100, who get `version`. Below 100 is a staged release (分阶段发布); 100, the default, is everyone. " +
					"WeChat only raises a staged release: a figure below what it serves fails at plan.",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(100),
				Validators: []validator.Int64{int64validator.Between(1, 100)},
			},
			"support_debuger_first": schema.BoolAttribute{
				MarkdownDescription: "Whether a staged release goes to project members first; sent with each `/wxa/grayrelease` when set. " +
					"Not read back: WeChat takes it only with a raise, so a change of it alone sends nothing and warns.",
				Optional: true,
			},
			"support_experiencer_first": schema.BoolAttribute{
				MarkdownDescription: "Whether a staged release goes to testers (体验者) first; sent and kept as `support_debuger_first` is.",
				Optional:            true,
			},
			"revert_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying the resource cancels a staged release still running or paused (`GET /wxa/revertgrayrelease`). " +
					"Default `false`: destroy sends nothing and warns that the release stays as it is. A full release is never undone. " +
					"Destroy reads it from the state: set it and apply before the destroy. A replace with `create_before_destroy` keeps the rollout.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"live_version": schema.StringAttribute{
				MarkdownDescription: "The version everyone outside a staged release runs (getversioninfo's `release_version`); null when WeChat does not say.",
				Computed:            true,
			},
			"status_name": schema.StringAttribute{
				MarkdownDescription: "The staged-release plan's status, as `wechat_gray_release_plan` names it: one of `" + strings.Join(wechat.StatusNames(), "`, `") + "`.",
				Computed:            true,
			},
			"fully_released": schema.BoolAttribute{
				MarkdownDescription: "Whether `version` is out to every user: a staged release at 100 %, or no staged release and `version` live.",
				Computed:            true,
			},
		},
	}
}

func (r *releaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m releaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	claim := r.claim(m.AppID.ValueString())
	defer claim.Unlock()
	// Only a create that succeeded stores state. One that failed, even
	// after a write, stores none: Terraform would taint it, and the next
	// apply would replace it (with revert_on_destroy, a revert of the
	// rollout it just moved). The next apply creates it again instead,
	// reads WeChat afresh and adopts what it shows.
	if _, ok := r.apply(ctx, &m, nil, &resp.Diagnostics); ok { // guarded by TestRelease_lostAnswerOnCreateDoesNotRevertTheRollout
		claim.created = true
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

func (r *releaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, prior releaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, ok := r.apply(ctx, &m, &prior, &resp.Diagnostics)
	switch {
	case ok && len(out.Sent) == 0 && flagsChanged(prior, m):
		resp.Diagnostics.Append(flagsOnlyWarning())
	case ok:
	case out != nil && len(out.Sent) > 0:
		// Failed after a write: what WeChat shows now, and the state's
		// values where it does not say.
		m = prior
		m.fill(out.State.View())
	default:
		m = prior // nothing changed at WeChat
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// apply moves WeChat to m's target, knowing what prior (nil on a create)
// holds. On success m holds what WeChat shows, and the target where
// WeChat's answers do not say; ok reports success. out is nil when no
// call was made.
func (r *releaseResource) apply(ctx context.Context, m, prior *releaseModel, diags *diag.Diagnostics) (out *wechat.ReleaseOutcome, ok bool) {
	target := m.target()
	flags := wechat.GrayFlags{DebugerFirst: m.SupportDebugerFirst.ValueBoolPointer(), ExperiencerFirst: m.SupportExperiencerFirst.ValueBoolPointer()}
	ok = r.call(ctx, diags, m.AppID.ValueString(), func(ctx context.Context, c *wechat.Client) (err error) {
		out, err = c.ApplyRelease(ctx, target, prior.known(), flags) // guarded by TestRelease_raiseWhileNewerAuditPending
		return err
	})
	if out == nil {
		return nil, ok
	}
	for _, note := range out.Notes {
		diags.AddWarning("WeChat's release took a detour", note)
	}
	if !ok {
		return out, false
	}
	view := out.State.View()
	m.fill(view)
	switch {
	case len(out.Sent) == 0: // WeChat showed the target already
	case out.ReadBackErr != nil:
		diags.Append(readBackWarning(out.ReadBackErr))
		m.Version, m.GrayPercentage = types.StringValue(target.Version), types.Int64Value(target.Percentage)
	case view.Matches(target):
	case viewAllows(view, target):
		diags.Append(unconfirmedWarning(target, out.State)) // guarded by TestRelease_fullReleaseWithoutReleaseInfo
	default:
		diags.Append(notReachedDiagnostic(target, out.State))
		ok = false
	}
	return out, ok
}

// viewAllows reports whether what WeChat shows leaves t possible: every
// part it names is t's, and it leaves the rest out.
func viewAllows(v wechat.ReleaseView, t wechat.ReleaseTarget) bool {
	return (v.Version == nil || *v.Version == t.Version) && (v.Percentage == nil || *v.Percentage == t.Percentage)
}

func (r *releaseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m releaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ok := r.call(ctx, &resp.Diagnostics, m.AppID.ValueString(), func(ctx context.Context, c *wechat.Client) error {
		s, err := c.GetReleaseState(ctx)
		if err == nil {
			m.fill(s.View())
		}
		return err
	})
	if ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// target is what the configuration asks for.
func (m *releaseModel) target() wechat.ReleaseTarget {
	return wechat.ReleaseTarget{Version: m.Version.ValueString(), Percentage: m.GrayPercentage.ValueInt64()}
}

// known is what the state holds, for the client to read WeChat as refresh
// does (see wechat.ReleaseState.ViewKnowing); nil without a state.
func (m *releaseModel) known() *wechat.ReleaseTarget {
	if m == nil {
		return nil
	}
	t := m.target()
	return &t
}

// fill stores what WeChat shows. Where WeChat does not say (the version
// of a staged release while a newer audit is pending, a percentage left
// out, no live version in getversioninfo) the model keeps its value.
func (m *releaseModel) fill(v wechat.ReleaseView) {
	if v.Version != nil {
		m.Version = types.StringValue(*v.Version)
	}
	if v.Percentage != nil {
		m.GrayPercentage = types.Int64Value(*v.Percentage)
	}
	m.ID = m.AppID
	m.LiveVersion = types.StringPointerValue(v.Live)
	m.StatusName = types.StringValue(v.StatusName)
	m.FullyReleased = types.BoolValue(v.FullyReleased)
	if m.RevertOnDestroy.IsNull() || m.RevertOnDestroy.IsUnknown() {
		m.RevertOnDestroy = types.BoolValue(false) // an import: the default
	}
}

// Delete sends nothing unless revert_on_destroy asks to cancel a staged
// release; a full release is never undone.
func (r *releaseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m releaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.RevertOnDestroy.ValueBool() {
		resp.Diagnostics.Append(releaseStaysWarning(m))
		return
	}
	claim := r.claim(m.AppID.ValueString())
	defer claim.Unlock()
	if claim.created {
		// The old half of a replace with create_before_destroy (or a
		// move): the new instance has just adopted the rollout.
		resp.Diagnostics.Append(takenOverWarning(m)) // guarded by TestRelease_replaceWithRevertOnDestroyCreateBeforeDestroy
		return
	}
	var out *wechat.ReleaseOutcome
	r.call(ctx, &resp.Diagnostics, m.AppID.ValueString(), func(ctx context.Context, c *wechat.Client) (err error) {
		out, err = c.RevertStagedRelease(ctx)
		return err
	})
	if out == nil {
		return
	}
	for _, note := range out.Notes {
		resp.Diagnostics.AddWarning("WeChat's revert took a detour", note)
	}
	if len(out.Sent) == 0 {
		resp.Diagnostics.Append(nothingToRevertWarning(m, out.State))
	}
}

// ImportState takes the appid; Read then fills in what WeChat shows.
func (r *releaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := wechat.CheckAppID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			"Import a wechat_release by the mini program's appid, such as `terraform import wechat_release.shop wx1234567890abcdef`: the ID "+err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("appid"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// flagsChanged reports whether an update changed only what WeChat takes
// with a raise.
func flagsChanged(prior, planned releaseModel) bool {
	return !prior.SupportDebugerFirst.Equal(planned.SupportDebugerFirst) || !prior.SupportExperiencerFirst.Equal(planned.SupportExperiencerFirst)
}
