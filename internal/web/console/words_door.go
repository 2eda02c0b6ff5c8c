package console

// DoorWords is what the door page says, in one language.
type DoorWords struct {
	// Title is "At the door: <meetup>".
	Title string
	// PresentOf is "present of confirmed".
	PresentOf, Find, FindHint, Search, ShowAll, Matching string
	Nobody, NoMatch, Present, Undo, Came, NotYet, Back   string
	// MarkPresent and UndoPresent label a person's button for screen readers.
	MarkPresent, UndoPresent string
	Erased                   string
}

var englishDoor = DoorWords{
	Title:     "At the door: %s",
	PresentOf: "%[1]s present of %[2]s", Find: "Find a person", FindHint: "Part of a name or of an email address.",
	Search: "Search", ShowAll: "Show everyone", Matching: "%s matching your search.",
	Nobody: "Nobody holds a seat.", NoMatch: "Nobody holding a seat matches your search.",
	Present: "Present", Undo: "Undo", Came: "✓ Came", NotYet: "Not here yet", Back: "Back to the meetup",
	MarkPresent: "Mark %s present", UndoPresent: "Undo: %s is not here",
	Erased: "(data erased)",
}

var persianDoor = DoorWords{
	Title:     "دم در: %s",
	PresentOf: "%[1]s حاضر از %[2]s", Find: "یافتن یک نفر", FindHint: "بخشی از نام یا نشانی ایمیل.",
	Search: "جست‌وجو", ShowAll: "نمایش همه", Matching: "%s نفر با جست‌وجوی شما جور است.",
	Nobody: "کسی جا ندارد.", NoMatch: "از کسانی که جا دارند کسی با جست‌وجوی شما جور نیست.",
	Present: "حاضر", Undo: "برگرداندن", Came: "✓ آمد", NotYet: "هنوز نیامده", Back: "بازگشت به دورهمی",
	MarkPresent: "%s را حاضر بزن", UndoPresent: "برگرداندن: %s نیامده",
	Erased: "(داده‌ها پاک شده)",
}

// DW is the door page's words in the frame's language.
func (f Frame) DW() *DoorWords { return inLang(f.Lang, &englishDoor, &persianDoor) }
