package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// maxAnswerReuseWindow bounds answer_reuse_window: reads of one run come
// within moments of each other, and a longer window would only let a read
// late in a long apply see an answer from its start.
const maxAnswerReuseWindow = time.Minute

var answerReuseWindowDescription = fmt.Sprintf("How long a successful WeChat answer serves identical reads, as a Go duration such as `5s`; at most `%[2]s`. Defaults to `%[1]s`. "+
	"Identical reads are those of the same app, API and arguments: they share one call while it is in flight, and its successful answer for this long after; a failed call is never reused. "+
	"`0s` turns sharing off, so that every read asks WeChat. "+
	"This is safe because a plan is a snapshot: every module that reads the plan of an app sees the same answer, which is what a release gate wants, "+
	"and each shared read saves a call from WeChat's daily quota for that API. Plan and apply run in separate provider processes, so apply asks WeChat again.",
	wechat.DefaultShareWindow, maxAnswerReuseWindow)

// answerReuseWindowValidator is the request_timeout check with 0 allowed.
var answerReuseWindowValidator = checkValidator{
	description: fmt.Sprintf("must be a duration from 0s to %s, such as 5s", maxAnswerReuseWindow),
	summary:     "Invalid answer_reuse_window",
	check: func(s string) error {
		_, err := parseAnswerReuseWindow(s)
		return err
	},
}

func parseAnswerReuseWindow(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxAnswerReuseWindow {
		return 0, fmt.Errorf("%q is not a duration from 0s to %s; write it like 5s or 500ms, or 0s to turn reuse off", s, maxAnswerReuseWindow)
	}
	return d, nil
}

// answerReuseWindow is the client's ShareWindow for the attribute's value.
func answerReuseWindow(v types.String) (time.Duration, error) {
	if v.IsNull() {
		return wechat.DefaultShareWindow, nil
	}
	return parseAnswerReuseWindow(v.ValueString())
}
