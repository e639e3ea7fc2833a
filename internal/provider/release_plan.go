package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// ModifyPlan reads WeChat (never writes) and checks the target against
// it: a version that is neither approved nor live, or a percentage below
// what WeChat serves, fails here rather than halfway through an apply.
// When WeChat already shows the target, refresh stored it, and the plan is
// empty: a second apply has nothing to do.
func (r *releaseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
		return
	}
	if r.data == nil {
		return // the provider's configuration is not known yet
	}
	var plan releaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var prior *releaseModel
	if !req.State.Raw.IsNull() {
		prior = &releaseModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.planAppID(ctx, req, &plan, prior, resp) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	if !plan.Version.IsUnknown() && !plan.GrayPercentage.IsUnknown() {
		r.planTarget(ctx, &plan, prior, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planAppID settles appid (the provider's when the configuration leaves
// it out) and id, and replaces the resource when the appid changes. It
// returns false when the appid is not known yet or there is none.
func (r *releaseResource) planAppID(ctx context.Context, req resource.ModifyPlanRequest, plan, prior *releaseModel, resp *resource.ModifyPlanResponse) bool {
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("appid"), &configured)...)
	switch {
	case resp.Diagnostics.HasError():
		return false
	case configured.IsUnknown(): // from a resource not yet applied
		plan.AppID, plan.ID = types.StringUnknown(), types.StringUnknown()
		return false
	case configured.IsNull() && r.data.appID == "":
		resp.Diagnostics.AddAttributeError(path.Root("appid"), "No appid to release",
			"This provider block has no appid of its own (it gets its tokens from token_command): set appid on the resource, "+
				"for example each.key of a for_each over data.wechat_authorizers.all.appids.")
		return false
	case configured.IsNull():
		plan.AppID = types.StringValue(r.data.appID)
	default:
		plan.AppID = configured
	}
	plan.ID = plan.AppID
	if prior != nil && !prior.AppID.Equal(plan.AppID) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("appid"))
	}
	return true
}

// planTarget settles the computed attributes and checks the target. A
// true no-op (a state, and a configuration that equals it) keeps the
// state's values: refresh has just read WeChat, and nothing will be sent.
// Anything else (a create, a replace, any change) leaves them unknown
// until apply, which reads WeChat afresh: WeChat may move in between (a
// replace's own destroy reverts the rollout), and a value promised here
// would make Terraform stop the apply with "inconsistent final plan". The
// target is then checked against WeChat now, read as refresh reads it,
// so that what cannot be done fails here, naming what WeChat has.
func (r *releaseResource) planTarget(ctx context.Context, plan, prior *releaseModel, diags *diag.Diagnostics) {
	if prior != nil && plan.sameConfig(prior) { // guarded by TestRelease_raiseThroughApplies
		plan.LiveVersion, plan.StatusName, plan.FullyReleased = prior.LiveVersion, prior.StatusName, prior.FullyReleased
		return
	}
	plan.LiveVersion, plan.StatusName, plan.FullyReleased = types.StringUnknown(), types.StringUnknown(), types.BoolUnknown() // guarded by TestRelease_replaceWithRevertOnDestroy
	var state *wechat.ReleaseState
	ok := r.call(ctx, diags, plan.AppID.ValueString(), func(ctx context.Context, c *wechat.Client) (err error) {
		state, err = c.GetReleaseState(ctx)
		return err
	})
	if !ok {
		return
	}
	action, err := state.PlanRelease(plan.target(), prior.known()) // guarded by TestRelease_raiseWhileNewerAuditPending
	if err != nil {
		diags.Append(r.data.callDiagnostic(err))
		return
	}
	if action == wechat.ActionNone && prior != nil && flagsChanged(*prior, *plan) {
		diags.Append(flagsOnlyWarning())
	}
}

// sameConfig reports whether m asks for what prior holds: every argument
// equal.
func (m *releaseModel) sameConfig(prior *releaseModel) bool {
	return m.AppID.Equal(prior.AppID) && m.Version.Equal(prior.Version) && m.GrayPercentage.Equal(prior.GrayPercentage) &&
		m.RevertOnDestroy.Equal(prior.RevertOnDestroy) && !flagsChanged(*prior, *m)
}

// planDestroy says at plan time what destroy will (not) do.
func (r *releaseResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior releaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if !resp.Diagnostics.HasError() && !prior.RevertOnDestroy.ValueBool() {
		resp.Diagnostics.Append(releaseStaysWarning(prior))
	}
}
