package wechatmock

import (
	"cmp"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// JSErrorSeed is one error's count on one Beijing day. jserr_list sums
// the seeds of a window per message and stack.
type JSErrorSeed struct {
	Date       string // YYYY-MM-DD
	AppVersion string
	ErrType    int // 1 business, 2 plugin, 3 framework
	Message    string
	Stack      string
	PV, UV     int64
	OpenIDs    []string // users who hit it, for the openid filter
}

// SetJSErrors replaces the app's JS errors.
func (s *Server) SetJSErrors(appID string, errs ...JSErrorSeed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).jsErrors = slices.Clone(errs)
}

// jsErrMaxLimit is jserr_list's documented page size limit.
const jsErrMaxLimit = 30

type jsErrRequest struct {
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

type jsErrRow struct {
	msg, stack string
	pv, uv     int64
}

func (s *Server) handleJSErrList(w http.ResponseWriter, r *http.Request) {
	appID, ok := s.opsRequest(w, r, http.MethodPost)
	if !ok {
		return
	}
	var req jsErrRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	if problem := req.check(); problem != "" {
		s.writeInvented(w, codeBadArgument, problem)
		return
	}
	s.mu.Lock()
	data, drift, _ := s.opsState(appID)
	admitted := s.admit(&data.jsErrCalls, s.jsErrPace)
	rows := req.aggregate(data.jsErrors)
	s.mu.Unlock()
	if !admitted {
		s.writeError(w, codeJSErrRateLimit, "频率限制")
		return
	}

	req.sort(rows)
	var totalPV, totalUV int64
	for _, row := range rows {
		totalPV, totalUV = totalPV+row.pv, totalUV+row.uv
	}
	items := []map[string]any{}
	for _, row := range req.page(rows, drift) {
		items = append(items, row.render(drift, totalPV, totalUV))
	}
	// The documented example carries the undocumented success and openid.
	s.writeOK(w, drift, map[string]any{"data": items, "totalCount": drift.num(int64(len(rows))),
		"success": true, "openid": ""})
}

// page is the page asked for, or what the drift makes of it.
func (q jsErrRequest) page(rows []*jsErrRow, d Drift) []*jsErrRow {
	switch {
	case d.JSErrEmptyFrom > 0 && q.Offset >= d.JSErrEmptyFrom:
		return nil
	case d.JSErrIgnoresOffset:
		return pageOf(rows, 0, q.Limit)
	}
	return pageOf(rows, q.Offset, q.Limit)
}

// check applies the documented limits; the mock's codes for them are invented.
func (q jsErrRequest) check() string {
	switch {
	case q.Limit < 1 || q.Limit > jsErrMaxLimit:
		return fmt.Sprintf("limit %d is not between 1 and %d", q.Limit, jsErrMaxLimit)
	case q.Offset < 0:
		return "offset is negative"
	case !isDate(q.StartTime) || !isDate(q.EndTime):
		return "startTime and endTime must be YYYY-MM-DD"
	case q.StartTime > q.EndTime:
		return "startTime is after endTime"
	case q.OrderBy != "uv" && q.OrderBy != "pv":
		return "orderby must be uv or pv"
	case q.Desc != "1" && q.Desc != "2":
		return "desc must be 1 or 2"
	}
	return ""
}

func isDate(s string) bool {
	_, err := time.ParseInLocation("2006-01-02", s, beijing)
	return err == nil
}

// aggregate sums the matching seeds per message and stack.
func (q jsErrRequest) aggregate(seeds []JSErrorSeed) []*jsErrRow {
	var rows []*jsErrRow
	byKey := map[[2]string]*jsErrRow{}
	for _, e := range seeds {
		if !q.matches(e) {
			continue
		}
		row, ok := byKey[[2]string{e.Message, e.Stack}]
		if !ok {
			row = &jsErrRow{msg: e.Message, stack: e.Stack}
			byKey[[2]string{e.Message, e.Stack}] = row
			rows = append(rows, row)
		}
		row.pv += e.PV
		row.uv += e.UV
	}
	return rows
}

// ISO dates compare as strings.
func (q jsErrRequest) matches(e JSErrorSeed) bool {
	return e.Date >= q.StartTime && e.Date <= q.EndTime &&
		(q.AppVersion == "0" || q.AppVersion == e.AppVersion) &&
		(q.ErrType == "0" || q.ErrType == fmt.Sprint(e.ErrType)) &&
		(q.Keyword == "" || strings.Contains(e.Message, q.Keyword) || strings.Contains(e.Stack, q.Keyword)) &&
		(q.OpenID == "" || slices.Contains(e.OpenIDs, q.OpenID))
}

// sort orders by orderby, desc "1" meaning descending; ties by message so
// pages are stable.
func (q jsErrRequest) sort(rows []*jsErrRow) {
	slices.SortStableFunc(rows, func(a, b *jsErrRow) int {
		ka, kb := a.pv, b.pv
		if q.OrderBy == "uv" {
			ka, kb = a.uv, b.uv
		}
		c := cmp.Compare(ka, kb)
		if q.Desc == "1" {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.msg, b.msg), cmp.Compare(a.stack, b.stack))
	})
}

func (row *jsErrRow) render(d Drift, totalPV, totalUV int64) map[string]any {
	item := map[string]any{
		"errorMsgMd5": md5Hex(row.msg), "errorMsg": row.msg,
		"errorStackMd5": md5Hex(row.stack), "errorStack": row.stack,
		"pv": d.num(row.pv), "uv": d.num(row.uv),
		"pvPercent": percent(row.pv, totalPV), "uvPercent": percent(row.uv, totalUV),
	}
	if d.ExtraKeys {
		item["Uin"] = 0
	}
	return item
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// percent writes a share as WeChat does: "1.1%".
func percent(part, whole int64) string {
	if whole == 0 {
		return "0%"
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(part)*100/float64(whole)), "0"), ".") + "%"
}

// pageOf cuts one page out of rows.
func pageOf[T any](rows []T, offset, limit int) []T {
	if offset >= len(rows) {
		return nil
	}
	return rows[offset:min(len(rows), offset+limit)]
}
