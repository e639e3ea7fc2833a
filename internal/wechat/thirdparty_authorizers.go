package wechat

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// PathAuthorizerList is the platform's list of the accounts that
// authorized it.
const PathAuthorizerList = "/cgi-bin/component/api_get_authorizer_list"

// authorizerPageSize is the largest page WeChat serves (count ≤ 500).
const authorizerPageSize = 500

// maxAuthorizerPages bounds the paging should total_count keep growing or
// pages keep coming: 2,000 pages of 500 is far beyond any platform.
const maxAuthorizerPages = 2000

// Authorizer is one account authorized to the platform. The answer's
// refresh token is deliberately not decoded: with it and the component
// token anyone can mint authorizer tokens, retiring the ones production
// uses, so no code can copy it anywhere.
type Authorizer struct {
	AppID    string
	AuthTime *time.Time
}

// GetAuthorizers lists every account authorized to the platform, all pages,
// without duplicates and sorted by appid so that plans stay stable. It
// takes the platform's component token from the token command. WeChat
// lists every account type, Official Accounts included.
func (c *Client) GetAuthorizers(ctx context.Context) ([]Authorizer, error) {
	cc, err := c.componentClient()
	if err != nil {
		return nil, err
	}
	seen := map[string]Authorizer{}
	offset, total := 0, int64(0)
	for page := 0; page < maxAuthorizerPages; page++ {
		resp, err := cc.authorizerPage(ctx, offset)
		if err != nil {
			return nil, err
		}
		total = resp.TotalCount.Value
		for _, it := range resp.List {
			a, err := it.toAuthorizer()
			if err != nil {
				return nil, err
			}
			seen[a.AppID] = a
		}
		// Advance by the page's length: WeChat documents neither the order
		// nor its stability across pages.
		offset += len(resp.List)
		if len(resp.List) == 0 || int64(offset) >= total {
			break
		}
	}
	// A fleet read from a short list would pass over the missing accounts.
	// Distinct appids are counted, not offsets: pages that ignore offset or
	// shift between reads list some accounts twice and others never
	// (guarded by TestGetAuthorizers_listThatDoesNotAddUpIsAnError).
	if int64(len(seen)) < total {
		return nil, &IncompleteListError{Path: PathAuthorizerList, Listed: len(seen), Total: total}
	}
	out := make([]Authorizer, 0, len(seen))
	for _, a := range seen {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AppID < out[j].AppID })
	return out, nil
}

func (c *Client) authorizerPage(ctx context.Context, offset int) (*authorizerListAnswer, error) {
	body, err := json.Marshal(map[string]any{"component_appid": c.appID, "offset": offset, "count": authorizerPageSize})
	if err != nil {
		return nil, err
	}
	return callWithToken[authorizerListAnswer](ctx, c, request{method: http.MethodPost, path: PathAuthorizerList,
		body: body, needs: TokenKindComponent})
}

// authorizerListAnswer has no field for refresh_token; see Authorizer.
type authorizerListAnswer struct {
	envelope
	TotalCount flexInt          `json:"total_count"`
	List       []authorizerItem `json:"list"`
}

// hasPayload: an answer without errcode must carry the count to be WeChat's.
func (a *authorizerListAnswer) hasPayload() bool { return a.TotalCount.Set }

type authorizerItem struct {
	AppID    string  `json:"authorizer_appid"`
	AuthTime flexInt `json:"auth_time"`
}

func (it authorizerItem) toAuthorizer() (Authorizer, error) {
	bad := func(problem string) error { return &BadResponseError{Path: PathAuthorizerList, Problem: problem} }
	if it.AppID == "" {
		return Authorizer{}, bad("an account in the list has no authorizer_appid")
	}
	if !ValidAppID(it.AppID) {
		// Not quoted: a server that sends garbage here may send anything.
		return Authorizer{}, bad(fmt.Sprintf("an authorizer_appid of %d characters is not an appid", len(it.AppID)))
	}
	at, err := unixTime("auth_time", it.AuthTime)
	if err != nil {
		return Authorizer{}, bad(err.Error())
	}
	return Authorizer{AppID: it.AppID, AuthTime: at}, nil
}

// IncompleteListError is a list whose pages held fewer distinct entries
// than the total the same answers gave: pages that ended early, ignored
// offset, or shifted while they were read.
type IncompleteListError struct {
	Path   string
	Listed int   // distinct entries the pages held
	Total  int64 // what the answers' total said
}

func (e *IncompleteListError) Error() string {
	return fmt.Sprintf("WeChat %s listed %d distinct accounts, but its total_count counts %d", e.Path, e.Listed, e.Total)
}
