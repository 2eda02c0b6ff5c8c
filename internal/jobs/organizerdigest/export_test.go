package organizerdigest

// Say exposes the phrasebook to the tests.
func Say(d *Job, key string, args ...any) string { return d.say(key, args...) }
