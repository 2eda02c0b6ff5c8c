package calendar

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
)

// FuzzInvite writes an invite with any title, description, place, link,
// uid and organizer, at any time a meetup can have. Whatever they hold, the
// file is well formed: every line ends in CRLF, holds no other CR or LF and
// is at most 75 octets; it is one calendar of one event, and its only lines
// are the properties Invite writes (no text becomes a property or a
// component of its own); and it reads back with the text, times, uid and
// sequence as given.
func FuzzInvite(f *testing.F) {
	// The invites of the calendar tests and of the meetup reminder.
	start := time.Date(2026, 12, 17, 18, 0, 0, 0, time.FixedZone("IRST", 3*3600+1800)).Unix()
	for _, e := range []Event{
		{UID: "m1@tehpug", Title: "TehPUG December", Location: "Tehran, Azadi Innovation Factory", Organizer: "noreply@tehpug.ir"},
		{UID: "m2@tehpug", Title: "دورهمی آذر؛ پایتون", Description: "line one\nline two, with comma", Location: "تهران، خیابان آزادی"},
		{UID: "m3@tehpug", Title: "دورهمی آذر", Description: strings.Repeat("دربارهٔ پایتون ناهمگام و تایپ‌ها صحبت می‌کنیم. ", 8) + "\nand a second line",
			URL: "https://api.tehpug.ir/meetups/" + strings.Repeat("x", 80), Organizer: "noreply@tehpug.ir"},
		{UID: "6k2ub434r6wh@api.tehpug.ir", Title: "x\r\nEND:VEVENT\r\nBEGIN:VEVENT", Description: "a\\;b,c\r\nDTSTART:19700101T000000Z",
			Location: "\r", URL: "https://x/\r\nATTACH:evil", Organizer: "a@b\r\nATTENDEE:mailto:c@d"},
	} {
		f.Add(e.UID, e.Title, e.Description, e.Location, e.URL, e.Organizer, start, int32(180), 0)
	}
	f.Fuzz(func(t *testing.T, uid, title, description, location, link, organizer string, startUnix int64, minutes int32, seq int) {
		// A meetup's times: within the years calendars read, ending after
		// it starts; and a schedule version, which is never negative.
		startAt := time.Unix(1_000_000_000+startUnix%5_000_000_000, 0).UTC()
		endAt := startAt.Add(time.Duration(1+int64(minutes)%(7*24*60)) * time.Minute)
		if endAt.Before(startAt) {
			endAt = startAt.Add(time.Hour)
		}
		seq &= 1<<31 - 1
		e := Event{UID: uid, Title: title, Description: description, Location: location, URL: link, Start: startAt, End: endAt, Organizer: organizer, Sequence: seq}
		b := Invite(e, startAt.Add(-48*time.Hour))

		if !bytes.HasSuffix(b, []byte("\r\n")) {
			t.Fatalf("the invite does not end in CRLF: %q", b)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
		var names []string
		for i, line := range lines {
			if strings.ContainsAny(line, "\r\n") {
				t.Fatalf("line %d holds a bare CR or LF: %q", i+1, line)
			}
			if len(line) > 75 {
				t.Fatalf("line %d is %d octets: %q", i+1, len(line), line)
			}
			if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
				continue // a folded line goes on the one before
			}
			name, _, _ := strings.Cut(line, ":")
			name, _, _ = strings.Cut(name, ";")
			names = append(names, name+pick(name == "BEGIN" || name == "END", ":"+strings.SplitN(line, ":", 2)[1], ""))
		}
		allowed := []string{"BEGIN:VCALENDAR", "VERSION", "PRODID", "METHOD", "BEGIN:VEVENT", "UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "STATUS",
			"SUMMARY", "DESCRIPTION", "LOCATION", "URL", "ORGANIZER", "END:VEVENT", "END:VCALENDAR"}
		for _, n := range names {
			if !slices.Contains(allowed, n) {
				t.Fatalf("the invite has a line %q Invite does not write:\n%s", n, b)
			}
		}
		for _, once := range allowed {
			if c := count(names, once); c > 1 {
				t.Fatalf("%s appears %d times:\n%s", once, c, b)
			}
		}

		cal, err := ics.ParseCalendar(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("the invite does not parse: %v\n%s", err, b)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events", len(events))
		}
		ev := events[0]
		if got, err := ev.GetStartAt(); err != nil || !got.Equal(startAt) {
			t.Fatalf("start %v (%v), want %v", got, err, startAt)
		}
		if got, err := ev.GetEndAt(); err != nil || !got.Equal(endAt) {
			t.Fatalf("end %v (%v), want %v", got, err, endAt)
		}
		if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != fmt.Sprint(seq) {
			t.Fatalf("sequence %+v, want %d", p, seq)
		}
		// The parser undoes the escaping itself: its values are the text.
		if got := ev.Id(); got != uidOf(uid) {
			t.Fatalf("uid reads back %q, want %q", got, uidOf(uid))
		}
		for prop, want := range map[ics.ComponentProperty]string{
			ics.ComponentPropertySummary: text(title), ics.ComponentPropertyDescription: text(description), ics.ComponentPropertyLocation: text(location),
		} {
			p := ev.GetProperty(prop)
			if strings.ContainsFunc(want, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
				t.Fatalf("%s keeps a control character: %q", prop, want)
			}
			if want == "" && prop != ics.ComponentPropertySummary {
				continue
			}
			if p == nil || p.Value != want {
				t.Fatalf("%s reads back %+v, want %q", prop, p, want)
			}
		}
	})
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func count(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}

// uidOf is uid, for the fuzz function whose argument of that name hides it.
var uidOf = uid
