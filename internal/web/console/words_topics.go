package console

// TopicWords is what the topics page says, in one language.
type TopicWords struct {
	Intro, Open, Claimed, Hidden, Empty, Title, Why, Language, Votes, Actions string
	MergeInto, MergeButton, MergeLabel, HideButton, HideLabel, ClaimedBy      string
	Merged, HiddenNotice                                                      string
	Languages                                                                 map[string]string
}

var englishTopics = TopicWords{
	Intro: "What members want to hear about, the most votes first. A speaker claims a topic by submitting a talk from it. Merge a duplicate into the topic it repeats (its votes move, a member who voted for both counts once); hide what does not belong on the wishlist.",
	Open:  "Open topics", Claimed: "Claimed by a talk", Hidden: "Hidden", Empty: "No topics yet.",
	Title: "Topic", Why: "Why", Language: "Language", Votes: "Votes", Actions: "Actions",
	MergeInto: "Merge into", MergeButton: "Merge", MergeLabel: "Merge “%s” into the chosen topic", HideButton: "Hide", HideLabel: "Hide “%s”",
	ClaimedBy: "Talk", Merged: "The duplicate is merged: its votes are on the topic it repeated.", HiddenNotice: "The topic is hidden.",
	Languages: map[string]string{"en": "English", "fa": "Persian"},
}

var persianTopics = TopicWords{
	Intro: "آنچه اعضا می‌خواهند درباره‌اش بشنوند، پررأی‌ترین اول. سخنران با فرستادن ارائه‌ای از یک موضوع آن را برمی‌دارد. موضوع تکراری را در موضوعی که تکرار می‌کند ادغام کنید (رأی‌هایش منتقل می‌شود و عضوی که به هر دو رأی داده یک بار شمرده می‌شود)؛ آنچه جایش در فهرست خواسته‌ها نیست را پنهان کنید.",
	Open:  "موضوع‌های باز", Claimed: "برداشته‌شده با ارائه", Hidden: "پنهان", Empty: "هنوز موضوعی نیست.",
	Title: "موضوع", Why: "چرا", Language: "زبان", Votes: "رأی‌ها", Actions: "کارها",
	MergeInto: "ادغام در", MergeButton: "ادغام", MergeLabel: "ادغام «%s» در موضوع برگزیده", HideButton: "پنهان کردن", HideLabel: "پنهان کردن «%s»",
	ClaimedBy: "ارائه", Merged: "موضوع تکراری ادغام شد: رأی‌هایش روی موضوعی است که تکرارش می‌کرد.", HiddenNotice: "موضوع پنهان شد.",
	Languages: map[string]string{"en": "انگلیسی", "fa": "فارسی"},
}

// TopW is the topics page's words in the frame's language.
func (f Frame) TopW() *TopicWords { return inLang(f.Lang, &englishTopics, &persianTopics) }

// TopicRow is one topic on the organizers' topics page.
type TopicRow struct {
	ID, Title, Why, Language string
	Votes                    int
	// Merge and Hide are where its forms post (open topics only); Talk is
	// the page of the talk that claims it.
	Merge, Hide, Talk string
}

// TopicBoard is the organizers' topics page.
type TopicBoard struct {
	Frame
	Notice                string
	Open, Claimed, Hidden []TopicRow
}
