package web

import (
	"strings"

	"github.com/tehpug/backend/internal/lang"
)

// Topics is the topic wishlist's section of a member's own page: the
// most-wanted open topics, each with a button to vote for it or take the
// vote back, and a form to propose one. The member page includes it with
// TopicsSection.
type Topics struct {
	Lang lang.Tag
	// Base is the API's base URL, where the forms post (/topics,
	// /topics/{id}/vote).
	Base string
	// Token is the member page's token, posted back by every form.
	Token string
	// Topics are the topics to show, most votes first.
	Topics []TopicChoice
}

// TopicChoice is one topic of the section, and whether the member voted for it.
type TopicChoice struct {
	ID, Title, Why string
	Votes          int
	Voted          bool
}

// TopicWords is what the section says, in one language.
type TopicWords struct {
	Heading, Intro, Empty, Vote, Unvote, VoteLabel, UnvoteLabel, Votes string
	Propose, Title, Why, Language, English, Persian, Send              string
}

var topicWords = map[lang.Tag]TopicWords{
	lang.English: {
		Heading: "Topics you want to hear about", Intro: "Vote for the talks you want; speakers pick from the top of this list.",
		Empty: "Nobody has proposed a topic yet: be the first.", Vote: "Vote", Unvote: "Take my vote back",
		VoteLabel: "Vote: “%s”", UnvoteLabel: "Take my vote back: “%s”", Votes: "votes",
		Propose: "Propose a topic", Title: "Topic", Why: "Why (one line)", Language: "Language of the talk",
		English: "English", Persian: "Persian", Send: "Propose",
	},
	lang.Persian: {
		Heading: "موضوع‌هایی که می‌خواهید بشنوید", Intro: "به ارائه‌هایی که می‌خواهید رأی بدهید؛ سخنرانان از بالای این فهرست برمی‌دارند.",
		Empty: "هنوز کسی موضوعی پیشنهاد نداده است: نخستین نفر باشید.", Vote: "رأی می‌دهم", Unvote: "رأی‌ام را پس می‌گیرم",
		VoteLabel: "رأی می‌دهم: «%s»", UnvoteLabel: "رأی‌ام را پس می‌گیرم: «%s»", Votes: "رأی",
		Propose: "پیشنهاد موضوع", Title: "موضوع", Why: "چرا (یک خط)", Language: "زبان ارائه",
		English: "انگلیسی", Persian: "فارسی", Send: "پیشنهاد",
	},
}

// W is the section's words in its language.
func (t Topics) W() TopicWords { return topicWords[lang.Parse(string(t.Lang))] }

func (t Topics) action(path string) string { return strings.TrimRight(t.Base, "/") + path }

func (t Topics) hidden(vote string) []Hidden {
	h := []Hidden{{Name: "token", Value: t.Token}}
	if vote != "" {
		h = append(h, Hidden{Name: "vote", Value: vote})
	}
	return h
}
