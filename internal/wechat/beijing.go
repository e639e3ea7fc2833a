package wechat

import (
	"fmt"
	"time"
)

// Beijing is the zone of WeChat's calendar days. China has kept UTC+8 all
// year since 1991, so a fixed zone is exact and needs no tzdata on the host.
var Beijing = time.FixedZone("UTC+8", 8*60*60)

// DateLayout is how dates are written in the provider's arguments.
const DateLayout = "2006-01-02"

// compactDate is how the datacube and real-time log APIs write dates.
const compactDate = "20060102"

// BeijingDay is midnight, Beijing time, of the day t falls on there.
func BeijingDay(t time.Time) time.Time {
	y, m, d := t.In(Beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Beijing)
}

// ParseDate reads a YYYY-MM-DD date as a Beijing day.
func ParseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(DateLayout, s, Beijing)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", truncate(s, 40))
	}
	return t, nil
}

// QueryError is a query WeChat would refuse, caught before any call.
type QueryError struct {
	Field   string
	Problem string
}

func (e *QueryError) Error() string { return e.Field + ": " + e.Problem }

// CheckDateRange checks a jserr_list window: start no later than end, and
// neither after today in Beijing (WeChat has no data for the future).
func CheckDateRange(start, end, now time.Time) error {
	today := BeijingDay(now)
	switch {
	case BeijingDay(end).After(today):
		return &QueryError{"end_date", fmt.Sprintf("%s is in the future; today in Beijing is %s",
			BeijingDay(end).Format(DateLayout), today.Format(DateLayout))}
	case BeijingDay(start).After(BeijingDay(end)):
		return &QueryError{"start_date", fmt.Sprintf("%s is after end_date %s",
			BeijingDay(start).Format(DateLayout), BeijingDay(end).Format(DateLayout))}
	}
	return nil
}

// RealtimeLogDays is how many Beijing days, today included, userlog_search
// serves ("the last 7 days").
const RealtimeLogDays = 7

// CheckRealtimeWindow checks a userlog_search window: begin no later than
// end, both on one Beijing day, and that day among the last RealtimeLogDays.
func CheckRealtimeWindow(begin, end, now time.Time) error {
	day, today := BeijingDay(begin), BeijingDay(now)
	switch {
	case day.After(today):
		return &QueryError{"begin_time", "is in the future"}
	case begin.After(end):
		return &QueryError{"begin_time", "is after end_time"}
	case !BeijingDay(end).Equal(day):
		return &QueryError{"end_time", fmt.Sprintf("must be on the same Beijing day as begin_time (%s): WeChat searches one day per query",
			day.Format(DateLayout))}
	case day.Before(today.AddDate(0, 0, 1-RealtimeLogDays)):
		return &QueryError{"begin_time", fmt.Sprintf("is on %s, more than %d days back: WeChat keeps real-time logs for %d days",
			day.Format(DateLayout), RealtimeLogDays-1, RealtimeLogDays)}
	}
	return nil
}

// CheckVisitTrendDate checks a datacube day: WeChat serves a day only once
// it is over in Beijing (61501 otherwise).
func CheckVisitTrendDate(day, now time.Time) error {
	if !BeijingDay(day).Before(BeijingDay(now)) {
		return &QueryError{"date", fmt.Sprintf("%s is not over yet in Beijing; the latest day WeChat serves is %s",
			BeijingDay(day).Format(DateLayout), BeijingDay(now).AddDate(0, 0, -1).Format(DateLayout))}
	}
	return nil
}
