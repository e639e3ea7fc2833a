package wechat

import (
	"context"
	"net/http"
	"time"
)

// PathVersionInfo is the third-party query for a mini program's live and
// trial versions.
const PathVersionInfo = "/wxa/getversioninfo"

// VersionInfo is a mini program's live (release) and trial (experience)
// versions. WeChat may leave out either, or any field of either: nil
// means it did not say. Versions under review are not listed.
type VersionInfo struct {
	Release *Version
	Trial   *Version
}

// Version is one version as getversioninfo describes it. Version and
// Description keep "" when WeChat sends "" (it has, for a live version).
type Version struct {
	Version     *string
	Description *string
	Time        *time.Time
}

// GetVersionInfo returns the mini program's live and trial versions. It
// takes an authorizer token: an own token gets a TokenKindError.
func (c *Client) GetVersionInfo(ctx context.Context) (*VersionInfo, error) {
	// The empty object is mandatory: without a body WeChat answers 44002.
	resp, err := callWithToken[versionInfoAnswer](ctx, c, request{method: http.MethodPost, path: PathVersionInfo,
		body: []byte("{}"), needs: TokenKindAuthorizer})
	if err != nil {
		return nil, err
	}
	info := &VersionInfo{}
	if r := resp.Release; r != nil {
		if info.Release, err = toVersion("release_time", r.Time, r.Version, r.Desc); err != nil {
			return nil, err
		}
	}
	if e := resp.Exp; e != nil {
		if info.Trial, err = toVersion("exp_time", e.Time, e.Version, e.Desc); err != nil {
			return nil, err
		}
	}
	return info, nil
}

// versionInfoAnswer: both objects are optional, and a live answer has come
// with neither.
type versionInfoAnswer struct {
	envelope
	Exp     *rawExpInfo     `json:"exp_info"`
	Release *rawReleaseInfo `json:"release_info"`
}

// hasPayload: an answer without errcode must carry a version to be WeChat's.
func (a *versionInfoAnswer) hasPayload() bool { return a.Exp != nil || a.Release != nil }

type rawExpInfo struct {
	Time    flexInt    `json:"exp_time"`
	Version flexString `json:"exp_version"`
	Desc    flexString `json:"exp_desc"`
}

type rawReleaseInfo struct {
	Time    flexInt    `json:"release_time"`
	Version flexString `json:"release_version"`
	Desc    flexString `json:"release_desc"`
}

// toVersion checks and maps one version object.
func toVersion(timeField string, t flexInt, version, desc flexString) (*Version, error) {
	at, err := unixTime(timeField, t)
	if err != nil {
		return nil, &BadResponseError{Path: PathVersionInfo, Problem: err.Error()}
	}
	return &Version{Version: printablePtr(stringPtr(version)), Description: printablePtr(stringPtr(desc)), Time: at}, nil
}
