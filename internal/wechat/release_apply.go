package wechat

import (
	"context"
	"errors"
	"fmt"
)

// GrayFlags are the two options of a staged release; nil is not sent.
type GrayFlags struct {
	DebugerFirst, ExperiencerFirst *bool
}

// ReleaseOutcome is what ApplyRelease or RevertStagedRelease did.
type ReleaseOutcome struct {
	// State is WeChat read after the last write, or before when none was
	// needed. When the read after a write that succeeded failed,
	// ReadBackErr says why and State is the last one read.
	State       *ReleaseState
	ReadBackErr error
	// Sent lists each write sent, as "METHOD path", in order.
	Sent []string
	// Notes say what happened on the way that the user should know: an
	// answer lost, a release WeChat refused and the fallback taken.
	Notes []string
}

// LostAnswerError is a write whose answer was lost and that reading WeChat
// back could not settle: WeChat shows neither the write done nor the state
// before it, a second send was lost too, or WeChat could not be read.
type LostAnswerError struct {
	Write string // "METHOD path"
	Sends int
	// Now is what WeChat shows; nil when reading it failed (ReadErr).
	Now     *ReleaseState
	ReadErr error
	// Undecidable: WeChat's answers cannot show whether the write acted
	// (no live version shown, or a staged release without its figure), so
	// it was not sent again.
	Undecidable bool
	Err         *OutcomeUnknownError
}

func (e *LostAnswerError) Error() string {
	times := "once"
	if e.Sends > 1 {
		times = fmt.Sprintf("%d times", e.Sends)
	}
	if e.Now == nil {
		return fmt.Sprintf("the answer to %s (sent %s) was lost, and WeChat could not be read back: %v (the write: %v)", e.Write, times, e.ReadErr, e.Err.Err)
	}
	if e.Undecidable {
		return fmt.Sprintf("the answer to %s (sent %s) was lost, and WeChat's answers cannot show whether it acted: WeChat now shows %s (the write: %v)", e.Write, times, e.Now, e.Err.Err)
	}
	return fmt.Sprintf("the answer to %s (sent %s) was lost, and WeChat now shows %s (the write: %v)", e.Write, times, e.Now, e.Err.Err)
}

func (e *LostAnswerError) Unwrap() error { return e.Err }

// ApplyRelease moves WeChat to t: it reads WeChat afresh, decides the
// write (PlanRelease, with known: what the state holds, nil on a create),
// sends it, and reads WeChat back. A full release while a staged one runs
// tries /wxa/release first and, if WeChat refuses it (85020, or 85052 from
// a WeChat that shows the staged version as live), raises the staged
// release to 100 % instead. Otherwise 85052 (already released) is a
// success when WeChat shows the version live, or no live version at all.
func (c *Client) ApplyRelease(ctx context.Context, t ReleaseTarget, known *ReleaseTarget, flags GrayFlags) (*ReleaseOutcome, error) {
	ctx = WithFreshAnswers(ctx) // guarded by TestApplyRelease_readsAfresh
	before, err := c.GetReleaseState(ctx)
	if err != nil {
		return nil, err
	}
	out := &ReleaseOutcome{State: before}
	action, err := before.PlanRelease(t, known)
	if err != nil || action == ActionNone {
		return out, err
	}
	gray := releaseWrite{action: ActionGrayRelease, target: t, send: func(ctx context.Context) error {
		return c.GrayRelease(ctx, t.Percentage, flags.DebugerFirst, flags.ExperiencerFirst)
	}, name: "POST " + PathGrayRelease}
	if action == ActionGrayRelease {
		return out, c.sendChecked(ctx, out, gray)
	}
	err = c.sendChecked(ctx, out, releaseWrite{action: ActionRelease, target: t, send: c.Release, name: "POST " + PathRelease})
	apiErr, _ := AsAPIError(err)
	switch {
	case apiErr == nil:
		return out, err
	case before.Staged() && (apiErr.Code == CodeReleaseNotAllowed || apiErr.Code == CodeAlreadyReleased): // guarded by TestApplyRelease_85052WhileStagedRaisesTo100
		out.Notes = append(out.Notes, fmt.Sprintf("WeChat refused a full release while the staged release runs (errcode %d), so the staged release was raised to 100 %% instead.", apiErr.Code))
		return out, c.sendChecked(ctx, out, gray)
	case apiErr.Code == CodeAlreadyReleased:
		return out, c.confirmReleased(ctx, out, t, err)
	}
	return out, err
}

// confirmReleased settles an 85052 (already released) with no staged
// release before it: a success when WeChat shows nothing staged and t's
// version live, or no live version at all (getversioninfo without
// release_info: WeChat's word is all there is); else the refusal as it
// came.
func (c *Client) confirmReleased(ctx context.Context, out *ReleaseOutcome, t ReleaseTarget, refusal error) error {
	now, err := c.GetReleaseState(ctx)
	if err != nil {
		return refusal
	}
	out.State = now
	live, isLive := now.LiveVersion()
	switch {
	case now.Staged(): // guarded by TestApplyRelease_fullReleaseDuringAStagedOne/85052_with_a_staged_release_after
		return refusal
	case isLive && live == t.Version:
		out.Notes = append(out.Notes, fmt.Sprintf("WeChat answered that %s is released already (errcode %d), and shows it live.", t.Version, CodeAlreadyReleased))
		return nil
	case !isLive: // guarded by TestApplyRelease_fullReleaseWithoutReleaseInfoSecondApplySendsNothing
		out.Notes = append(out.Notes, fmt.Sprintf("WeChat answered that %s is released already (errcode %d). Its version info names no live version, so that answer is all there is to go by.", t.Version, CodeAlreadyReleased))
		return nil
	}
	return refusal
}

// RevertStagedRelease cancels the staged release if one runs or is
// paused, and does nothing otherwise: a full release is never undone.
func (c *Client) RevertStagedRelease(ctx context.Context) (*ReleaseOutcome, error) {
	ctx = WithFreshAnswers(ctx)
	before, err := c.GetReleaseState(ctx)
	if err != nil {
		return nil, err
	}
	out := &ReleaseOutcome{State: before}
	if !before.Staged() {
		return out, nil
	}
	return out, c.sendChecked(ctx, out, releaseWrite{revert: true, send: c.RevertGrayRelease, name: "GET " + PathRevertGrayRelease})
}

// releaseWrite is one write and how to tell, from WeChat, that it acted.
type releaseWrite struct {
	name   string
	action ReleaseAction
	revert bool
	target ReleaseTarget
	send   func(context.Context) error
}

// sendChecked sends w and reads WeChat back into out.State. When the
// answer is lost it reads WeChat first: done is a success; unchanged
// means the write did not act, and it is sent once more (a second lost
// answer is settled the same way, without a third send); anything else is
// a LostAnswerError that says what WeChat shows.
func (c *Client) sendChecked(ctx context.Context, out *ReleaseOutcome, w releaseWrite) error {
	before := out.State
	for sends := 1; ; sends++ {
		out.Sent = append(out.Sent, w.name)
		err := w.send(ctx)
		var lost *OutcomeUnknownError
		if !errors.As(err, &lost) {
			if err == nil {
				c.readBack(ctx, out)
			}
			return err
		}
		after, readErr := c.GetReleaseState(ctx)
		if readErr != nil {
			return &LostAnswerError{Write: w.name, Sends: sends, ReadErr: readErr, Err: lost}
		}
		out.State = after
		switch effect := judge(w.action, w.revert, w.target, before, after); {
		case effect == effectDone:
			out.Notes = append(out.Notes, fmt.Sprintf("The answer to %s was lost (%v); WeChat was read back and shows that it took effect.", w.name, lost.Err))
			return nil
		case effect == effectNone && sends == 1:
			out.Notes = append(out.Notes, fmt.Sprintf("The answer to %s was lost (%v); WeChat was read back, showed that it had not acted, and the write was sent once more.", w.name, lost.Err))
			continue
		case effect == effectUnknown:
			return &LostAnswerError{Write: w.name, Sends: sends, Now: after, Undecidable: true, Err: lost}
		}
		return &LostAnswerError{Write: w.name, Sends: sends, Now: after, Err: lost}
	}
}

// readBack reads WeChat after a write that succeeded. A failure is kept
// for the caller to report: the write itself is done.
func (c *Client) readBack(ctx context.Context, out *ReleaseOutcome) {
	now, err := c.GetReleaseState(ctx)
	if err != nil {
		out.ReadBackErr = err
		return
	}
	out.State = now
}
