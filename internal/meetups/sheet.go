package meetups

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"
)

// sheet is the registrations of a meetup as a CSV file for a spreadsheet:
// UTF-8 with a byte-order mark (so spreadsheet programs read Persian names
// right), a header row, one row per registration, times in the group's
// zone, and cells that cannot run as formulas.
type sheet struct {
	buf  bytes.Buffer
	w    *csv.Writer
	zone *time.Location
}

// sheetHeader names the columns.
var sheetHeader = []string{"name", "email", "status", "waitlist_position", "attended", "registered_at"}

func newSheet(zone *time.Location) *sheet {
	s := &sheet{zone: zone}
	s.buf.WriteString("\ufeff")
	s.w = csv.NewWriter(&s.buf)
	_ = s.w.Write(sheetHeader) // writes to memory: never fails
	return s
}

// add writes reg's row.
func (s *sheet) add(reg Registration) {
	pos, attended := "", ""
	if reg.Position > 0 {
		pos = strconv.Itoa(reg.Position)
	}
	if reg.Attended != nil {
		attended = strconv.FormatBool(*reg.Attended)
	}
	_ = s.w.Write([]string{cell(reg.Name), cell(reg.Email), string(reg.Status), pos, attended, reg.CreatedAt.In(s.zone).Format(time.RFC3339)})
}

// String is the file.
func (s *sheet) String() string {
	s.w.Flush()
	return s.buf.String()
}

// cell defuses text a spreadsheet would run as a formula: one that begins
// with =, +, -, @, a tab or a carriage return gets a leading apostrophe,
// which spreadsheets take as "this is text" and do not show.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
