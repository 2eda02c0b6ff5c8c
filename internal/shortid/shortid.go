// Package shortid makes the ids of stored records: short, in lower-case
// letters and digits without the ones read as each other (l, o, 0, 1), so
// that they sit in a URL as they are and can be read out.
package shortid

import "crypto/rand"

const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// New returns a random id of n characters.
func New(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return Encode(b)
}

// Encode writes b in the ids' alphabet, one character a byte: an id
// derived from a hash, the same every time.
func Encode(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(out)
}
