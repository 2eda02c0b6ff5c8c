package digest

// Say exposes the phrasebook to the tests.
func Say(d *Digest, key string, args ...any) string { return d.say(key, args...) }
