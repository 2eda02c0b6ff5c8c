package meetups

import (
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// formulaStart are the first characters that make a spreadsheet run a cell
// as a formula (or, for tab and carriage return, hide one).
const formulaStart = "=+-@\t\r"

// FuzzRegistrationsCSV writes a registration with any name and address and
// reads the file back as a spreadsheet program would. It always parses:
// a byte-order mark, then exactly the header and one row of six cells;
// no cell begins as a formula; the name and address come back as written
// (an apostrophe added before a formula start, and CRLF read as LF, as
// every CSV reader does), and the other cells are what the registration says.
func FuzzRegistrationsCSV(f *testing.F) {
	// The names and addresses of TestRegistrationsExport, and others a
	// person could type.
	for _, s := range [][2]string{
		{"مریم کاظمی", "persian-1a2b3c@example.org"},
		{"=HYPERLINK(\"http://x\")", "formula-1a2b3c@example.org"},
		{"Ali", "ali@example.org"},
		{"+98 912", "-@x"},
		{"@SUM(A1)", "\t=1"},
		{"\r\n=cmd", "a,b\"c"},
		{"line one\nline two", "\"quoted\""},
		{"", ""},
		{"'=already", "x\r"},
		{"\xff\xfe", "\ufeff=1"},
	} {
		f.Add(s[0], s[1], uint8(0), 0, uint8(0), int64(1796000000))
		f.Add(s[0], s[1], uint8(1), 3, uint8(2), int64(0))
	}
	statuses := []RegStatus{RegConfirmed, RegWaitlisted, RegCancelled, RegPending}
	tehran := time.FixedZone("IRST", 3*3600+1800)
	f.Fuzz(func(t *testing.T, name, email string, status uint8, position int, attended uint8, created int64) {
		reg := Registration{
			MeetupID: "m1", Key: "P#1", Name: name, Email: email, Status: statuses[int(status)%len(statuses)],
			Position: position, CreatedAt: time.Unix(created%(1<<35), 0),
		}
		if attended%3 > 0 {
			yes := attended%3 == 2
			reg.Attended = &yes
		}
		sh := newSheet(tehran)
		sh.add(reg)
		out := sh.String()
		body, ok := strings.CutPrefix(out, "\ufeff")
		if !ok {
			t.Fatalf("no byte-order mark: %q", out)
		}
		records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("the file does not parse: %v\n%q", err, out)
		}
		if len(records) != 2 || !slices.Equal(records[0], sheetHeader) || len(records[1]) != len(sheetHeader) {
			t.Fatalf("records %q, want the header and one row of %d cells", records, len(sheetHeader))
		}
		row := records[1]
		for i, c := range row {
			if c != "" && strings.ContainsRune(formulaStart, rune(c[0])) {
				t.Fatalf("cell %d %q begins as a formula", i, c)
			}
		}
		for i, typed := range []string{name, email} {
			want := strings.ReplaceAll(typed, "\r\n", "\n")
			if got := strings.TrimPrefix(row[i], "'"); got != want && row[i] != want {
				t.Fatalf("cell %d reads %q, want %q", i, row[i], want)
			}
		}
		pos := ""
		if position > 0 {
			pos = strconv.Itoa(position)
		}
		att := ""
		if reg.Attended != nil {
			att = strconv.FormatBool(*reg.Attended)
		}
		if row[2] != string(reg.Status) || row[3] != pos || row[4] != att {
			t.Fatalf("row %q for status %q, position %d, attended %s", row, reg.Status, position, att)
		}
		if at, err := time.Parse(time.RFC3339, row[5]); err != nil || !at.Equal(reg.CreatedAt) {
			t.Fatalf("registered_at %q (%v), want %v", row[5], err, reg.CreatedAt)
		}
	})
}
