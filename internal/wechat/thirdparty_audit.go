package wechat

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// PathLatestAuditStatus is the third-party query for a mini program's
// latest code audit.
const PathLatestAuditStatus = "/wxa/get_latest_auditstatus"

// Errcodes with which get_latest_auditstatus says there is no audit to
// report: the platform submitted no code (86001), or no valid audit id
// exists (85058, seen in the community).
const (
	CodeNoCodeSubmitted = 86001
	CodeNoValidAudit    = 85058
)

// Audit statuses as WeChat numbers them.
const (
	AuditApproved  = 0
	AuditRejected  = 1
	AuditInReview  = 2
	AuditWithdrawn = 3
	AuditDelayed   = 4
)

var auditStatusNames = map[int64]string{
	AuditApproved:  "approved",
	AuditRejected:  "rejected",
	AuditInReview:  "in_review",
	AuditWithdrawn: "withdrawn",
	AuditDelayed:   "delayed",
}

// AuditStatusNames lists the names AuditStatus.StatusName can return.
func AuditStatusNames() []string {
	return []string{"approved", "rejected", "in_review", "withdrawn", "delayed", StatusNameUnknown, StatusNameNone}
}

// AuditStatus is a mini program's latest code audit. Any field WeChat
// leaves out is nil.
type AuditStatus struct {
	AuditID *int64
	Status  *int64
	// Reason explains a rejection or a delay; WeChat has left it empty on
	// rejections.
	Reason      *string
	ScreenShots []string // media ids
	UserVersion *string
	UserDesc    *string
	SubmitTime  *time.Time
}

// StatusName names a's status: "approved", "rejected", "in_review",
// "withdrawn", "delayed", "unknown" for a number WeChat has not documented,
// and "none" for a nil audit.
func (a *AuditStatus) StatusName() string {
	if a == nil {
		return StatusNameNone
	}
	return nameOf(a.Status, auditStatusNames)
}

// GetLatestAuditStatus returns the mini program's latest code audit, or nil
// and no error when there is none (86001 or 85058). It takes an
// authorizer token: an own token gets a TokenKindError.
func (c *Client) GetLatestAuditStatus(ctx context.Context) (*AuditStatus, error) {
	resp, err := callWithToken[auditAnswer](ctx, c, request{method: http.MethodGet, path: PathLatestAuditStatus,
		needs: TokenKindAuthorizer})
	if apiErr, ok := AsAPIError(err); ok && (apiErr.Code == CodeNoCodeSubmitted || apiErr.Code == CodeNoValidAudit) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return resp.toAudit()
}

// auditAnswer: the examples spell ScreenShot, the new table screenshot;
// auditid has been a numeric string in a widely copied sample.
type auditAnswer struct {
	envelope
	AuditID         flexInt    `json:"auditid"`
	Status          flexInt    `json:"status"`
	Reason          flexString `json:"reason"`
	ScreenShot      flexString `json:"ScreenShot"`
	Screenshot      flexString `json:"screenshot"`
	UserVersion     flexString `json:"user_version"`
	UserDesc        flexString `json:"user_desc"`
	SubmitAuditTime flexInt    `json:"submit_audit_time"`
}

// hasPayload: an answer without errcode must carry an audit to be WeChat's.
func (a *auditAnswer) hasPayload() bool { return a.Status.Set || a.AuditID.Set }

func (a *auditAnswer) toAudit() (*AuditStatus, error) {
	submitted, err := unixTime("submit_audit_time", a.SubmitAuditTime)
	if err != nil {
		return nil, &BadResponseError{Path: PathLatestAuditStatus, Problem: err.Error()}
	}
	shots := a.Screenshot
	if !shots.Set {
		shots = a.ScreenShot
	}
	var ids []string
	for _, id := range strings.Split(shots.Value, "|") {
		if id = strings.TrimSpace(Printable(id)); id != "" {
			ids = append(ids, id)
		}
	}
	return &AuditStatus{AuditID: intPtr(a.AuditID), Status: intPtr(a.Status), Reason: printablePtr(stringPtr(a.Reason)),
		ScreenShots: ids, UserVersion: printablePtr(stringPtr(a.UserVersion)), UserDesc: printablePtr(stringPtr(a.UserDesc)),
		SubmitTime: submitted}, nil
}
