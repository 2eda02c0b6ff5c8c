package web_test

import (
	"testing"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

func TestExplainSpeaksThePagesLanguage(t *testing.T) {
	for _, tt := range []struct {
		l    lang.Tag
		in   problem.Problem
		want string
	}{
		{lang.English, problem.Of(problem.TooLong, 200), "must be at most 200 characters."},
		{lang.Persian, problem.Of(problem.TooLong, 200), "حداکثر ۲۰۰ نویسه می‌تواند باشد."},
		{lang.Persian, problem.Of(problem.Between, 1, 500), "باید عددی درست از ۱ تا ۵۰۰ باشد."},
		{lang.English, problem.Of(problem.AfterStart), "must be after the start."},
		{lang.Persian, problem.Of(problem.Required), "لازم است."},
		{lang.Persian, problem.Of(problem.OneOf, problem.Choices("en", "fa")), "باید یکی از گزینه‌ها باشد."},
		{lang.Persian, problem.Of(problem.TooManyInterests, 20), "حداکثر ۲۰ علاقه می‌تواند داشته باشد."},
		{lang.English, problem.Of(problem.CancelledMeetup), "is a cancelled meetup."},
		{lang.Persian, problem.Of(problem.RequiredOnFullForm), "در فرم کامل لازم است."},
	} {
		if got := web.Explain(tt.l, tt.in); got != tt.want {
			t.Errorf("Explain(%s, %q) = %q, want %q", tt.l, tt.in, got, tt.want)
		}
	}
}
