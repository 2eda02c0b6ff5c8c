// Package person turns an email address into the key under which everything a
// person left with the group is stored, so erasing someone finds all of it
// with one query, whether they joined, registered, spoke or were mentored.
package person

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Normalize returns the canonical form of an address: trimmed and lower case.
// Mailbox names are case-sensitive in theory and never in practice; treating
// Ali@Example.org and ali@example.org as two people would let one person
// register twice and hide data from an erase.
func Normalize(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// Key is the owner key of an address: "P#" and the SHA-256 of its normal form.
// It is stored on every item that holds the person's data.
func Key(email string) string {
	sum := sha256.Sum256([]byte(Normalize(email)))
	return "P#" + hex.EncodeToString(sum[:])
}

// Redact returns a form of an address safe to log: the first letter and the
// domain ("a…@example.org"). Addresses are never logged in clear.
func Redact(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return "…"
	}
	return email[:1] + "…" + email[at:]
}
