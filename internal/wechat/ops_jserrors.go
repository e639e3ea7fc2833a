package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// PathJSErrList is the ops centre's JS error list (getJsErrList).
const PathJSErrList = "/wxaapi/log/jserr_list"

// JSErrPageSize is the largest page jserr_list serves.
const JSErrPageSize = 30

// MaxJSErrPages bounds how many pages GetJSErrors reads: 600 distinct
// errors. Each page is one call against the API's daily quota, and a gate
// needs the worst errors and the totals, not a complete catalog.
const MaxJSErrPages = 20

// jsErrConcurrency bounds the pages in flight, so that one read does not
// crowd out Terraform's other reads.
const jsErrConcurrency = 4

// JSErrPagePace is the least time between the starts of two jserr_list
// calls for one app: at most five a second, so that one read of
// MaxJSErrPages pages takes about four seconds and does not provoke
// WeChat's 20011 (频率限制, rate limit), whose rate WeChat does not document.
const JSErrPagePace = 200 * time.Millisecond

// JSErrorType is jserr_list's errType.
type JSErrorType int

// Error types as WeChat numbers them.
const (
	JSErrorAll       JSErrorType = 0
	JSErrorBusiness  JSErrorType = 1 // the mini program's own code
	JSErrorPlugin    JSErrorType = 2
	JSErrorFramework JSErrorType = 3 // WeChat's base library
)

// JSErrorQuery selects JS errors. Zero values mean "all".
type JSErrorQuery struct {
	AppVersion string // e.g. "1.4.2"; "" for every version
	ErrType    JSErrorType
	// StartDate and EndDate are Beijing days (only their date counts).
	StartDate, EndDate time.Time
	Keyword            string
	OpenID             string
	OrderBy            string // "pv" or "uv"; "" means "pv"
	Ascending          bool
}

// JSError is one distinct error over the queried days.
type JSError struct {
	MessageMD5, Message string
	StackMD5, Stack     string
	PV                  *int64 // occurrences
	UV                  *int64 // affected users
	// PVPercent and UVPercent are percentages (1.1 for WeChat's "1.1%").
	PVPercent, UVPercent *float64
}

// JSErrorList is every page of a jserr_list query, in WeChat's order,
// each distinct error (by message and stack hash) once.
type JSErrorList struct {
	// TotalCount is WeChat's count of distinct errors; nil if it sent none.
	TotalCount *int64
	Errors     []JSError
	// Truncated is true when errors exist that were not read: past
	// MaxJSErrPages, a full page came without a totalCount, or the pages
	// held fewer distinct errors than totalCount (they ended early, or
	// repeated errors as a server that ignores offset does).
	Truncated bool
}

// Totals sums occurrences and affected users over the errors read. A user
// hit by two errors counts twice, so users is an upper bound.
func (l *JSErrorList) Totals() (occurrences, users int64) {
	for _, e := range l.Errors {
		if e.PV != nil {
			occurrences += *e.PV
		}
		if e.UV != nil {
			users += *e.UV
		}
	}
	return occurrences, users
}

// GetJSErrors reads every page of the query, up to MaxJSErrPages, with a
// few pages in flight at once and their starts paced (see WithPagePace).
func (c *Client) GetJSErrors(ctx context.Context, q JSErrorQuery) (*JSErrorList, error) {
	first, err := c.jsErrPage(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	list := &JSErrorList{TotalCount: first.total}
	pages := [][]JSError{first.errors}
	complete := int64(len(first.errors)) // distinct errors a complete read holds
	if first.total == nil {
		list.Truncated = len(first.errors) >= JSErrPageSize
	} else {
		// Compared before any arithmetic: a total near MaxInt64 would wrap
		// (guarded by TestGetJSErrors_hugeAndNegativeTotals). toPage has
		// already refused a negative one.
		n := MaxJSErrPages
		if *first.total > MaxJSErrPages*JSErrPageSize {
			list.Truncated = true
			complete = MaxJSErrPages * JSErrPageSize
		} else {
			n = int((*first.total + JSErrPageSize - 1) / JSErrPageSize)
			complete = *first.total
		}
		rest, err := c.jsErrPages(ctx, q, n, first.errors)
		if err != nil {
			return nil, err
		}
		pages = append(pages, rest...)
	}
	list.Errors = distinctJSErrors(pages) // guarded by TestGetJSErrors_pagesThatDoNotAddUp
	// Pages that ended early or repeated themselves left errors unread: the
	// totals are short, and a gate must be able to tell (guarded by
	// TestGetJSErrors_pagesThatDoNotAddUp).
	if int64(len(list.Errors)) < complete {
		list.Truncated = true
	}
	return list, nil
}

// distinctJSErrors joins the pages in order, each error once: WeChat counts
// an error as distinct by its message and stack.
func distinctJSErrors(pages [][]JSError) []JSError {
	seen := map[[2]string]bool{}
	var out []JSError
	for _, p := range pages {
		for _, e := range p {
			key := [2]string{e.MessageMD5, e.StackMD5}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, e)
		}
	}
	return out
}

// jsErrPages reads pages 2..pages concurrently; the first failure cancels
// the others. A page that comes back empty, or holds only errors of the
// first page (offset ignored), ends the reading: the pages after it would
// only spend quota.
func (c *Client) jsErrPages(ctx context.Context, q JSErrorQuery, pages int, first []JSError) ([][]JSError, error) {
	if pages <= 1 {
		return nil, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	onFirst := map[[2]string]bool{}
	for _, e := range first {
		onFirst[[2]string{e.MessageMD5, e.StackMD5}] = true
	}
	var stop atomic.Bool
	out := make([][]JSError, pages-1)
	errs := make([]error, pages-1)
	sem := make(chan struct{}, jsErrConcurrency)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil || stop.Load() {
				errs[i] = ctx.Err()
				return
			}
			p, err := c.jsErrPage(ctx, q, (i+1)*JSErrPageSize)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			out[i] = p.errors
			if addsNothing(p.errors, onFirst) {
				stop.Store(true)
			}
		})
	}
	wg.Wait()
	return out, firstRealError(errs)
}

// addsNothing: an empty page, or one of errors already on the first page.
func addsNothing(page []JSError, onFirst map[[2]string]bool) bool {
	for _, e := range page {
		if !onFirst[[2]string{e.MessageMD5, e.StackMD5}] {
			return false
		}
	}
	return true
}

// firstRealError prefers a failure over the cancellations it caused.
func firstRealError(errs []error) error {
	var canceled error
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled):
			canceled = err
		default:
			return err
		}
	}
	return canceled
}

type jsErrPage struct {
	total  *int64
	errors []JSError
}

func (c *Client) jsErrPage(ctx context.Context, q JSErrorQuery, offset int) (*jsErrPage, error) {
	body, err := json.Marshal(q.body(offset))
	if err != nil {
		return nil, err
	}
	// Paced per app, so that one read of many pages does not trip WeChat's
	// rate limit (20011; guarded by TestGetJSErrors_pacedPagesAreNotRefused).
	if err := c.jsErrPace.wait(ctx, c.appID); err != nil {
		return nil, err
	}
	resp, err := callWithToken[jsErrAnswer](ctx, c, request{method: http.MethodPost, path: PathJSErrList, body: body})
	if err != nil {
		return nil, err
	}
	return resp.toPage()
}

// jsErrBody sends every field: the docs mark all of them required, and
// "all" has an explicit value for each.
type jsErrBody struct {
	AppVersion string `json:"appVersion"`
	ErrType    string `json:"errType"`
	StartTime  string `json:"startTime"`
	EndTime    string `json:"endTime"`
	Keyword    string `json:"keyword"`
	OpenID     string `json:"openid"`
	OrderBy    string `json:"orderby"`
	Desc       string `json:"desc"`
	Offset     int    `json:"offset"`
	Limit      int    `json:"limit"`
}

func (q JSErrorQuery) body(offset int) jsErrBody {
	b := jsErrBody{
		AppVersion: q.AppVersion,
		ErrType:    fmt.Sprint(int(q.ErrType)),
		StartTime:  BeijingDay(q.StartDate).Format(DateLayout),
		EndTime:    BeijingDay(q.EndDate).Format(DateLayout),
		Keyword:    q.Keyword,
		OpenID:     q.OpenID,
		OrderBy:    q.OrderBy,
		Desc:       "1",
		Offset:     offset,
		Limit:      JSErrPageSize,
	}
	if b.AppVersion == "" {
		b.AppVersion = "0"
	}
	if b.OrderBy == "" {
		b.OrderBy = "pv"
	}
	if q.Ascending {
		b.Desc = "2" // jserr_list's ascending; jserr_detail uses "0"
	}
	return b
}

// jsErrAnswer is one page of jserr_list. Undocumented keys such as
// "success" and "openid" are ignored.
type jsErrAnswer struct {
	envelope
	Data       *[]rawJSError `json:"data"`
	TotalCount flexInt       `json:"totalCount"`
}

func (a *jsErrAnswer) hasPayload() bool { return a.Data != nil }

type rawJSError struct {
	ErrorMsgMd5   string    `json:"errorMsgMd5"`
	ErrorMsg      string    `json:"errorMsg"`
	ErrorStackMd5 string    `json:"errorStackMd5"`
	ErrorStack    string    `json:"errorStack"`
	UV            flexInt   `json:"uv"`
	PV            flexInt   `json:"pv"`
	UVPercent     flexFloat `json:"uvPercent"`
	PVPercent     flexFloat `json:"pvPercent"`
}

func (a *jsErrAnswer) toPage() (*jsErrPage, error) {
	bad := func(err error) error { return &BadResponseError{Path: PathJSErrList, Problem: err.Error()} }
	total, err := countPtr("totalCount", a.TotalCount)
	if err != nil {
		return nil, bad(err)
	}
	p := &jsErrPage{total: total}
	if a.Data == nil {
		return p, nil
	}
	for _, r := range *a.Data {
		e := JSError{MessageMD5: Printable(r.ErrorMsgMd5), Message: Printable(r.ErrorMsg),
			StackMD5: Printable(r.ErrorStackMd5), Stack: Printable(r.ErrorStack),
			PVPercent: floatPtr(r.PVPercent), UVPercent: floatPtr(r.UVPercent)}
		if e.PV, err = countPtr("pv", r.PV); err != nil {
			return nil, bad(err)
		}
		if e.UV, err = countPtr("uv", r.UV); err != nil {
			return nil, bad(err)
		}
		p.errors = append(p.errors, e)
	}
	return p, nil
}
