package organizerdigest

// Say exposes the phrasebook to the tests.
func Say(lang, key string, args ...any) string { return (&Job{language: lang}).say(key, args...) }
