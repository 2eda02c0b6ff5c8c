package calendar

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func TestInviteRoundTrips(t *testing.T) {
	tehran, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 17, 18, 0, 0, 0, tehran) // 14:30 UTC
	tests := []struct {
		name string
		e    Event
	}{
		{"english", Event{UID: "m1@tehpug", Title: "TehPUG December", Location: "Tehran, Azadi Innovation Factory", Start: start, End: start.Add(3 * time.Hour), Organizer: "noreply@tehpug.ir"}},
		{"persian, commas and semicolons", Event{UID: "m2@tehpug", Title: "دورهمی آذر؛ پایتون", Description: "line one\nline two, with comma", Location: "تهران، خیابان آزادی", Start: start, End: start.Add(90 * time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Invite(tt.e, time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC))
			if !bytes.Contains(b, []byte("DTSTART:20261217T143000Z")) {
				t.Errorf("start not in UTC:\n%s", b)
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			events := cal.Events()
			if len(events) != 1 {
				t.Fatalf("%d events", len(events))
			}
			ev := events[0]
			gotStart, err := ev.GetStartAt()
			if err != nil || !gotStart.Equal(tt.e.Start) {
				t.Errorf("start %v (%v), want %v", gotStart, err, tt.e.Start)
			}
			gotEnd, err := ev.GetEndAt()
			if err != nil || !gotEnd.Equal(tt.e.End) {
				t.Errorf("end %v (%v), want %v", gotEnd, err, tt.e.End)
			}
			if loc := ev.GetProperty(ics.ComponentPropertyLocation); loc == nil || ics.FromText(loc.Value) != tt.e.Location {
				t.Errorf("location %+v, want %q", loc, tt.e.Location)
			}
			if s := ev.GetProperty(ics.ComponentPropertySummary); s == nil || ics.FromText(s.Value) != tt.e.Title {
				t.Errorf("summary %+v, want %q", s, tt.e.Title)
			}
			if ev.Id() != tt.e.UID {
				t.Errorf("uid %q", ev.Id())
			}
		})
	}
}

// RFC 5545 lines end in CRLF, and a long line folds into CRLF and a space;
// a bare LF is not a line ending to strict readers.
func TestInviteLinesEndInCRLF(t *testing.T) {
	start := time.Date(2026, 12, 17, 14, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		e     Event
		folds bool
	}{
		{"short", Event{UID: "m1@tehpug", Title: "TehPUG", Start: start, End: start.Add(time.Hour)}, false},
		{"long persian description", Event{
			UID: "m2@tehpug", Title: "دورهمی آذر", Location: "تهران، خیابان آزادی", Start: start, End: start.Add(time.Hour),
			Description: strings.Repeat("دربارهٔ پایتون ناهمگام و تایپ‌ها صحبت می‌کنیم. ", 8) + "\nand a second line",
			URL:         "https://api.tehpug.ir/meetups/" + strings.Repeat("x", 80), Organizer: "noreply@tehpug.ir",
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := string(Invite(tt.e, start.Add(-48*time.Hour)))
			if !strings.HasSuffix(b, "END:VCALENDAR\r\n") {
				t.Errorf("the invite does not end in END:VCALENDAR CRLF: %q", b[max(0, len(b)-20):])
			}
			lines := strings.Split(strings.TrimSuffix(b, "\r\n"), "\r\n")
			folded := 0
			for i, line := range lines {
				if strings.ContainsAny(line, "\r\n") {
					t.Errorf("line %d holds a bare CR or LF: %q", i+1, line)
				}
				if len(line) > 75 {
					t.Errorf("line %d is %d octets, more than 75: %q", i+1, len(line), line)
				}
				if strings.HasPrefix(line, " ") {
					folded++
				}
			}
			if tt.folds && folded == 0 {
				t.Errorf("no line folded (CRLF and a space) in:\n%s", b)
			}
			// Unfolded, the text is what was written.
			cal, err := ics.ParseCalendar(strings.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if d := cal.Events()[0].GetProperty(ics.ComponentPropertyDescription); tt.e.Description != "" && (d == nil || ics.FromText(d.Value) != tt.e.Description) {
				t.Errorf("description %+v, want %q", d, tt.e.Description)
			}
		})
	}
}

// A rescheduled meetup's invite carries a higher SEQUENCE under the same
// UID, so a calendar holding the old one updates it.
func TestInviteSequence(t *testing.T) {
	start := time.Date(2026, 12, 17, 14, 30, 0, 0, time.UTC)
	for _, seq := range []int{0, 1, 7} {
		t.Run(fmt.Sprint(seq), func(t *testing.T) {
			b := Invite(Event{UID: "m1@tehpug", Title: "TehPUG", Start: start, End: start.Add(time.Hour), Sequence: seq}, start)
			cal, err := ics.ParseCalendar(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			p := cal.Events()[0].GetProperty(ics.ComponentPropertySequence)
			if p == nil || p.Value != fmt.Sprint(seq) {
				t.Errorf("SEQUENCE %+v, want %d", p, seq)
			}
		})
	}
}

// A feed holds every event once, each with its status, asks to be fetched
// again, and ends its lines in CRLF.
func TestFeed(t *testing.T) {
	start := time.Date(2026, 12, 17, 14, 30, 0, 0, time.UTC)
	b := string(Feed("TehPUG", []Event{
		{UID: "m1@tehpug", Title: "On", Start: start, End: start.Add(time.Hour), Sequence: 2},
		{UID: "m2@tehpug", Title: "Off", Start: start, End: start.Add(time.Hour), Sequence: 1, Cancelled: true, Stamp: start.Add(-time.Hour)},
	}, 6*time.Hour, start.Add(-48*time.Hour)))
	for _, want := range []string{"X-WR-CALNAME:TehPUG\r\n", "REFRESH-INTERVAL;VALUE=DURATION:PT360M\r\n", "STATUS:CONFIRMED\r\n", "STATUS:CANCELLED\r\n",
		"SEQUENCE:2\r\n", "DTSTAMP:20261215T143000Z\r\n", "DTSTAMP:20261217T133000Z\r\n"} {
		if !strings.Contains(b, want) {
			t.Errorf("the feed lacks %q:\n%s", want, b)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b))
	if err != nil || len(cal.Events()) != 2 {
		t.Fatalf("parse: %v", err)
	}
}
