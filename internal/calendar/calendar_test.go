package calendar

import (
	"bytes"
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
