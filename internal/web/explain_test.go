package web_test

import (
	"testing"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
)

func TestExplainSpeaksThePagesLanguage(t *testing.T) {
	for _, tt := range []struct {
		l        lang.Tag
		in, want string
	}{
		{lang.English, "must be at most 200 characters", "must be at most 200 characters."},
		{lang.Persian, "must be at most 200 characters", "حداکثر ۲۰۰ نویسه می‌تواند باشد."},
		{lang.Persian, "must be between 1 and 500", "باید عددی درست از ۱ تا ۵۰۰ باشد."},
		{lang.English, "must be after starts_at", "must be after the start."},
		{lang.Persian, "is required", "لازم است."},
		{lang.Persian, "must be one of: en, fa", "باید یکی از گزینه‌ها باشد."},
		{lang.Persian, "at most 20 interests", "حداکثر ۲۰ علاقه می‌تواند داشته باشد."},
		{lang.English, "is a cancelled meetup", "is a cancelled meetup."},
		{lang.Persian, "an unforeseen message", "an unforeseen message"},
	} {
		if got := web.Explain(tt.l, tt.in); got != tt.want {
			t.Errorf("Explain(%s, %q) = %q, want %q", tt.l, tt.in, got, tt.want)
		}
	}
}
